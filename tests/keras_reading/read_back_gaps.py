"""Known gaps of the Keras read-back (test_read_back.py): Keras APIs the Keras writer can emit that the
Keras reader does not read, and the writer's support definitions it does not read back, with the reason.
A gap that gets a reader must leave these lists (test_the_known_gaps_are_not_stale)."""

_INIT = ("read back where assigned to a layer's *_initializer (keras/reading/initializers.py: the nn.init call on "
         "the weight); as a layer's argument it is dropped (prepare.py: the weights are copied)")
_RANK = ("the op's rank comes from its input, unknown to the reader; the writer emits it inside its own "
         "helpers (batch_pool, PaddedConvND...), which are read back")
_NUMPY_SPLIT = "NumPy-style split/stack variants: no reader yet (no corpus model's round trip reaches them)"

_TRAIN = ("training code the Keras writer emits for a PyTorch loop (issue 7): the Keras reader reads Keras's own "
          "optimizers, schedules and GradientTape loops (keras/reading/training.py), not these PyTorch-exact forms "
          "yet: no round trip of training code")

API_GAPS: dict[str, str] = {
    "keras.optimizers.schedules.ExponentialDecay (per step)": _TRAIN,
    "keras.ops.clip (gradients)": _TRAIN,
    **{f"keras.initializers.{n}": _INIT for n in ("Constant", "GlorotUniform", "Ones", "Orthogonal", "RandomNormal",
                                                  "RandomUniform", "Zeros")},
    "keras.initializers.TruncatedNormal": "Keras truncates at 2 standard deviations, nn.init.trunc_normal_ at absolute "
                                          "bounds a, b: not read back (the weights are copied)",
    "keras.ops.max_pool": _RANK,
    "keras.ops.average_pool": _RANK,
    "keras.ops.conv": _RANK,
    "keras.ops.conv_transpose": _RANK,
    **{f"keras.ops.{n}": _NUMPY_SPLIT for n in ("array_split", "dsplit", "hsplit", "vsplit", "dstack", "fliplr",
                                                "flipud", "ravel")},
    "keras.ops.dot": "NumPy's dot (a matrix product for N-d) is not torch.dot (1-d only): no reader yet",
    "keras.ops.allclose": "the writer emits it inside bool(...) for torch.allclose; no reader yet",
    "keras.ops.convert_to_numpy": "a host copy (x.item(), x.tolist() in PyTorch): no reader yet",
    "keras.ops.is_tensor": "no reader yet (torch.is_tensor): no corpus model uses it",
    "keras.ops.logspace": "no reader yet: keras.ops.logspace's base and endpoint differ in form from torch.logspace",
    "keras.ops.one_hot": "keras.ops.one_hot gives float32, F.one_hot int64: no reader yet",
    "keras.ops.sort": "keras.ops.sort gives the values, torch.sort (values, indices): no reader yet",
    "keras.random.shuffle": "the writer's torch.randperm: no reader yet (a permutation from another generator)",
}

_BASE = "a base class of other helpers: the output never calls it"
HELPER_GAPS: dict[str, str] = {
    **dict.fromkeys(("EpochSchedule", "TorchSGD", "TorchAdam", "TorchAdamW", "TorchRMSprop", "TorchAdagrad",
                     "LambdaSchedule", "OneCycleSchedule", "clip_grad_norm"), _TRAIN),
    **dict.fromkeys(("ChannelsFirstBias", "CroppedConvTranspose", "DilatedConvTranspose", "PaddedConv", "RNNBase",
                     "CellBase"), _BASE),
    "PaddedEmbeddingInit": "an initializer (nn.Embedding's padding row): the reader drops initializers",
    "alpha_dropout": "not read back yet (F.alpha_dropout / F.feature_alpha_dropout, training flag)",
    "InstanceNorm": "not read back yet (nn.InstanceNormNd with track_running_stats=True)",
    "bag_from_pretrained": "not read back yet (nn.EmbeddingBag.from_pretrained)",
    "embedding_bag": "not read back yet (F.embedding_bag)",
    "index_along": "index_add/index_copy/index_fill written as one function with a reduction: not read back yet",
    "index_put": "Tensor.index_put's functional form: not read back yet",
    "masked_scatter": "not read back yet",
    "scatter_reduce": "not read back yet",
    "weighted_loss": "the writer's mse/l1 loss with a weight: not read back yet",
}
