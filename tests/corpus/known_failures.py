"""Corpus models that do not convert to an equivalent Flax model yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
    "dcgan_generator": "init by class name in self.apply(fn) / m.weight.data: only self.<layer> weights "
                       "can be initialised",
    "densenet_small": "add_module on an nn.Sequential subclass",
    "gcn": "legacy torch.FloatTensor constructor",
    "gpt_block_masked": "split with a non-literal size (int or list unknown); weight tying by assignment",
    "inception_module": "nn.Conv2d(..., **kwargs): keyword expansion cannot be bound statically",
    "norm_layers": "InstanceNorm with track_running_stats=True",
    "padding_layers": "F.pad of an expression (needs its rank)",
    "tcn": "init of a Sequential's weight (self.downsample.weight.data)",
    "tensor_ops": "split with a non-literal size (int or list unknown)",
    "unet_small": "F.pad of an expression (needs its rank)",
    "weight_init": "init loop over self.modules() with isinstance dispatch",
}
