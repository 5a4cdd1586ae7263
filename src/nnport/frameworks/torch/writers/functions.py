"""PyTorch as a target: which function, method or constant writes each pivot op (one per op; its
table entry gets the emitter). Most write their own signature (torch/writing.py); a hook says the
exceptions (writers/hooks.py); Positional(...) names optional parameters written positionally.

Choices: operators where PyTorch code uses them (`x + y`, `x @ y`, `x == y`); methods for shape,
reduction and indexing ops (`x.view`-style code: `x.sum(dim=1)`, `x.transpose(1, 2)`); torch.* for
elementwise math and creation; F.* for activations, losses and other torch.nn.functional ops.
"""
from nnport.frameworks.torch.writers import hooks, optim
from nnport.frameworks.torch.writing import Positional

_F = "torch.nn.functional."
_I = "torch.nn.init."
_DIM = Positional("dim")


def _same(names, prefix: str) -> dict:
    """ops written by the API of the same name: {"exp": "torch.exp", ...}."""
    return {n: prefix + n for n in names.split()}


def _nd(name: str) -> list[str]:
    return [f"{_F}{name.format(n)}" for n in (1, 2, 3)]


FUNCTIONS = {
    # --- operators -------------------------------------------------------------------------------------
    "add": ("torch.add", hooks.operator("{input} + {other}", alpha=1)),
    "sub": ("torch.sub", hooks.operator("{input} - {other}", alpha=1)),
    "mul": ("torch.mul", hooks.operator("{input} * {other}")),
    "div": ("torch.div", hooks.divide),
    "floor_divide": ("torch.floor_divide", hooks.operator("{input} // {other}")),
    "remainder": ("torch.remainder", hooks.operator("{input} % {other}")),
    "pow": ("torch.pow", hooks.operator("{input} ** {exponent}")),
    "neg": ("torch.neg", hooks.operator("-{input}")),
    "matmul": ("torch.matmul", hooks.operator("{input} @ {other}")),
    "addmm": ("torch.addmm", hooks.scaled_matmul),
    **{op: (f"torch.{op}", hooks.operator("{input} %s {other}" % sym)) for op, sym in (
        ("eq", "=="), ("ne", "!="), ("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="))},
    # --- elementwise math, comparisons, linear algebra: torch.* ------------------------------------------
    **_same("abs exp exp2 log log2 log10 log1p expm1 sqrt rsqrt square sin cos tan tanh sigmoid asin acos "
            "atan sinh cosh asinh acosh atanh erf erfc erfinv floor ceil trunc frac sign reciprocal "
            "logical_not bitwise_not isnan isinf isfinite isposinf isneginf round nan_to_num clamp fmod "
            "atan2 hypot maximum minimum fmax fmin lerp addcmul addcdiv logical_and logical_or logical_xor "
            "bitwise_and bitwise_or bitwise_xor equal allclose isclose dot inner outer einsum addbmm where",
            "torch."),
    # --- reductions, scans, sorting: methods ----------------------------------------------------------
    **_same("sum mean nansum nanmean prod amax amin argmax argmin any all count_nonzero logsumexp norm "
            "cumsum cumprod sort argsort topk", "Tensor."),
    "max": ("Tensor.max", None, ("max_dim",)), "min": ("Tensor.min", None, ("min_dim",)),
    "var": ("Tensor.var", hooks.variance), "std": ("Tensor.std", hooks.variance),
    "linalg_norm": "torch.linalg.norm", "vector_norm": "torch.linalg.vector_norm",
    # --- shape: methods -------------------------------------------------------------------------------
    **_same("reshape permute transpose expand expand_as repeat tile repeat_interleave contiguous chunk split "
            "unbind narrow flip roll tril triu movedim type_as reshape_as unflatten select diagonal diag "
            "rot90 fliplr flipud ravel numpy is_contiguous requires_grad_ index_add index_copy index_fill "
            "take take_along_dim masked_scatter scatter_reduce index_put gather index_select masked_fill "
            "detach clone item tolist float double half long int bool to", "Tensor."),
    "size": ("Tensor.size", _DIM), "squeeze": ("Tensor.squeeze", _DIM), "unsqueeze": "Tensor.unsqueeze",
    "flatten": ("torch.flatten", Positional("start_dim", "end_dim")),
    "t": "Tensor.T", "mT": "Tensor.mT", "shape": "Tensor.shape", "ndim": "Tensor.dim", "numel": "Tensor.numel",
    "unfold_dim": "Tensor.unfold", "scatter": [("Tensor.scatter", Positional("src", "value")),
                                               "Tensor.scatter_add"],
    "cast_bfloat16": "Tensor.bfloat16", "cast_short": "Tensor.short", "cast_char": "Tensor.char",
    "cast_byte": "Tensor.byte", "to_device": "Tensor.cpu", "to_dtype": "Tensor.type",
    "new_zeros": "Tensor.new_zeros",
    **_same("new_ones new_full new_tensor", "Tensor."),
    # --- creation, stacking, random: torch.* --------------------------------------------------------------
    **_same("zeros zeros_like ones ones_like full full_like linspace logspace randperm tril_indices "
            "triu_indices block_diag cartesian_prod stack cat broadcast_tensors meshgrid atleast_1d "
            "atleast_2d atleast_3d hstack vstack dstack column_stack tensor_split hsplit vsplit dsplit "
            "is_tensor is_floating_point randn rand randint randn_like rand_like bernoulli normal", "torch."),
    "arange": ("torch.arange", hooks.arange), "eye": ("torch.eye", Positional("m")),
    "asarray": "torch.tensor", "size_tuple": "torch.Size", "tensor_type": "torch.Tensor",
    "typed_tensor": ("torch.FloatTensor", hooks.typed_tensor),
    **{f"dtype_{n}": f"torch.{n}" for n in ("float32", "float64", "float16", "bfloat16", "int64", "int32",
                                            "int16", "int8", "uint8", "bool", "complex64")},
    # --- torch.nn.functional -------------------------------------------------------------------------------
    **_same("relu relu6 silu mish selu hardswish hardsigmoid softsign tanhshrink leaky_relu gelu elu celu "
            "softplus hardtanh threshold hardshrink softshrink glu prelu softmax log_softmax softmin dropout "
            "alpha_dropout feature_alpha_dropout normalize linear cosine_similarity pairwise_distance one_hot "
            "embedding embedding_bag pad pixel_shuffle pixel_unshuffle channel_shuffle grid_sample "
            "affine_grid scaled_dot_product_attention local_response_norm cross_entropy nll_loss mse_loss "
            "l1_loss smooth_l1_loss huber_loss binary_cross_entropy binary_cross_entropy_with_logits kl_div "
            "cosine_embedding_loss triplet_margin_loss margin_ranking_loss hinge_embedding_loss soft_margin_loss "
            "multilabel_soft_margin_loss poisson_nll_loss gaussian_nll_loss ctc_loss", _F),
    "log_sigmoid": _F + "logsigmoid", "upsample": _F + "interpolate", "im2col": _F + "unfold",
    "col2im": _F + "fold", "bilinear_fn": _F + "bilinear",
    **{f"{n}_fn": f"{_F}{n}" for n in ("layer_norm", "rms_norm", "group_norm", "batch_norm", "instance_norm")},
    "conv": _nd("conv{}d"), "conv_transpose": _nd("conv_transpose{}d"), "max_pool": _nd("max_pool{}d"),
    "avg_pool": _nd("avg_pool{}d"), "lp_pool": _nd("lp_pool{}d"), "adaptive_avg_pool": _nd("adaptive_avg_pool{}d"),
    "adaptive_max_pool": _nd("adaptive_max_pool{}d"), "dropout_channel": _nd("dropout{}d"),
    "square_subsequent_mask": "torch.nn.Transformer.generate_square_subsequent_mask",
    "pad_sequence": "torch.nn.utils.rnn.pad_sequence",
    "weight_norm": "torch.nn.utils.parametrizations.weight_norm",
    # --- torch.nn.init -------------------------------------------------------------------------------
    **{f"init_{n}": f"{_I}{n}_" for n in ("xavier_uniform", "xavier_normal", "kaiming_uniform",
                                          "kaiming_normal", "normal", "trunc_normal", "uniform", "constant",
                                          "zeros", "ones", "orthogonal")},
    "init_calculate_gain": _I + "calculate_gain",
    # --- training: torch.optim, torch.optim.lr_scheduler, torch.nn.utils (their own signatures) -----------
    **{op: "torch.optim." + name for op, name in (("sgd", "SGD"), ("rmsprop", "RMSprop"), ("adagrad", "Adagrad"))},
    "adam": ("torch.optim.Adam", optim.adam), "adamw": ("torch.optim.AdamW", optim.adam),
    **{op: "torch.optim.lr_scheduler." + name for op, name in (
        ("step_lr", "StepLR"), ("multi_step_lr", "MultiStepLR"), ("exponential_lr", "ExponentialLR"),
        ("cosine_annealing_lr", "CosineAnnealingLR"), ("lambda_lr", "LambdaLR"), ("one_cycle_lr", "OneCycleLR"))},
    "clip_grad_norm": "torch.nn.utils.clip_grad_norm_",
    "clip_grad_value": "torch.nn.utils.clip_grad_value_",
    "tensor_dataset": "torch.utils.data.TensorDataset",
    "data_loader": "torch.utils.data.DataLoader",
}
