"""Corpus models that do not convert to an equivalent model of a target yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> Keras: the Keras target is young; each entry goes when the model passes (strict xfail)
KERAS_KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> MXNet Gluon (tests/gluon/test_corpus.py, run in .venv-mxnet)
MXNET_KNOWN_FAILURES: dict[str, str] = {
    "gpt_block_masked": "a tied head (lm_head.weight = wte.weight): Gluon shares parameters with params=",
    "residual_mlp_modulelist": "nn.ParameterList: Gluon has no container of parameters",
    "siamese_net": "one BatchNorm called twice per forward: Gluon 1.9.1 applies both running-statistics "
                   "updates in the backward pass, in the order the loss sets (measured: the state equals PyTorch's "
                   "with the inputs swapped); the translation warns (mxnet/shared_norms.py)",
    "tensor_ops": "`~mask`: NDArray has no unary ~ (logical_not)",
}
