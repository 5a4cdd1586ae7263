"""Torch table entries that no numeric test can translate, each with its reason (see entry_check.py).

PROBES says what tests/frameworks/test_excluded_entries.py checks of each instead: the probe's
translation reports a diagnostic containing the text, or (None) translates cleanly to the input's value.
"""
_DYNAMIC = ("data-dependent output shape: JAX traces static shapes, so the translation reports it "
            "(write a mask with jnp.where, or jnp.nonzero(..., size=N))")

_LAZY = ("a lazy module is sized by its first call: Flax needs the size in the constructor, so the "
         "translation reports it (give the input size)")
_LAZY_RT = ("a lazy module is sized by its first call, after the round trip's weight copy; the Keras -> "
            "PyTorch tests (tests/test_keras_subclassed.py) run it, built before the copy")

_WEIGHT_NORMS = ("torch.nn.utils.weight_norm", "torch.nn.utils.parametrizations.weight_norm")
_WEIGHT_NORM = ("not translated for Flax yet: the translation reports it (Gluon translates it: "
                "test_norm.py::test_weight_norm under tests/frameworks_mxnet)")

# helper classes of translations into PyTorch (torch/helper_classes.py), read as their table layers
_LAZY_HELPERS = [f"LazyBatchNorm{n}d_biased_var" for n in (1, 2, 3)]
_PER_GROUP = ("a group norm with one scale and shift per group (Gluon's GluonGroupNorm, read back): Flax's group "
              "norm has them per channel, so the translation reports it (test_helper_classes.py)")

EXCLUDED: dict[str, str] = {
    **{api: _LAZY for api in ['torch.nn.LazyLinear', 'torch.nn.LazyConv1d', 'torch.nn.LazyConv2d', 'torch.nn.LazyConv3d', 'torch.nn.LazyBatchNorm1d', 'torch.nn.LazyBatchNorm2d', 'torch.nn.LazyBatchNorm3d']},
    **{api: _LAZY for api in _LAZY_HELPERS},
    "GroupNorm_per_group": _PER_GROUP,
    **{api: _DYNAMIC for api in (
        "torch.nonzero", "Tensor.nonzero", "torch.argwhere", "Tensor.argwhere", "torch.unique",
        "Tensor.unique", "torch.unique_consecutive", "Tensor.unique_consecutive", "torch.masked_select",
        "Tensor.masked_select")},
    "torch.manual_seed": "global RNG state, which JAX does not have: the translation reports it "
                         "(seed the nnx.Rngs instead)",
    "Tensor.cuda": "the PyTorch here is a CPU build (x.cuda() raises): only the translation's side runs "
                   "(it drops the call; the value must be the input's)",
    **{api: _WEIGHT_NORM for api in _WEIGHT_NORMS},
}



def _helper_probe(ctor: str, *patterns: str) -> str:
    """A whole file (a probe of a helper class: its definition with the Model using it)."""
    from harness import layer_case
    from nnport.frameworks.torch.helper_classes import by_pattern
    prelude = "\n\n".join(by_pattern(p).text(*args) for p, *args in patterns)
    return layer_case(ctor, prelude=prelude.replace("\n", "\n        "))


PROBES: dict[str, tuple[str, str | None]] = {
    **{f"LazyBatchNorm{n}d_biased_var": (_helper_probe(f"KerasLazyBatchNorm{n}d()", ("{prefix}BatchNorm{n}d", "Keras", str(n)),
                                                       ("{prefix}LazyBatchNorm{n}d", "Keras", str(n))), "lazy module")
       for n in (1, 2, 3)},
    "GroupNorm_per_group": (_helper_probe("GluonGroupNorm(2, 4)", ("{prefix}GroupNorm", "Gluon")), "per group"),
    "torch.nn.LazyLinear": ("nn.LazyLinear(4)(x)", "lazy module"),
    "torch.nn.LazyConv1d": ("nn.LazyConv1d(4, 1)(x)", "lazy module"),
    "torch.nn.LazyConv2d": ("nn.LazyConv2d(4, 1)(x)", "lazy module"),
    "torch.nn.LazyConv3d": ("nn.LazyConv3d(4, 1)(x)", "lazy module"),
    "torch.nn.LazyBatchNorm1d": ("nn.LazyBatchNorm1d()(x)", "lazy module"),
    "torch.nn.LazyBatchNorm2d": ("nn.LazyBatchNorm2d()(x)", "lazy module"),
    "torch.nn.LazyBatchNorm3d": ("nn.LazyBatchNorm3d()(x)", "lazy module"),
    "torch.nonzero": ("torch.nonzero(x)", "data-dependent"),
    "Tensor.nonzero": ("x.nonzero()", "data-dependent"),
    "torch.argwhere": ("torch.argwhere(x)", "data-dependent"),
    "Tensor.argwhere": ("x.argwhere()", "data-dependent"),
    "torch.unique": ("torch.unique(x, sorted=True)", "data-dependent"),
    "Tensor.unique": ("x.unique(return_counts=True)", "data-dependent"),
    "torch.unique_consecutive": ("torch.unique_consecutive(x)", "data-dependent"),
    "Tensor.unique_consecutive": ("x.unique_consecutive()", "data-dependent"),
    "torch.masked_select": ("torch.masked_select(x, x > 0)", "data-dependent"),
    "Tensor.masked_select": ("x.masked_select(x > 0)", "data-dependent"),
    "torch.manual_seed": ("torch.manual_seed(0) and x", "manual_seed"),
    "Tensor.cuda": ("x.cuda() + x.cuda(0) + x.cuda(non_blocking=True)", None),
    "torch.nn.utils.weight_norm": ("nn.utils.weight_norm(nn.Linear(3, 3))(x)", "no flax translation"),
    "torch.nn.utils.parametrizations.weight_norm": ("nn.utils.parametrizations.weight_norm(nn.Linear(3, 3))(x)",
                                                    "no flax translation"),
}

# The round trip PyTorch -> pivot -> PyTorch (tests/round_trip.py): entries no numeric round trip can
# cover, with the reason. The torch readers refuse some uses for every target (a reason that is JAX's).
_REFUSED = "the torch reader refuses every use (for Flax's sake: {}), so no round trip gets past reading"
ROUND_TRIP_EXCLUDED: dict[str, str] = {
    **{api: _LAZY_RT for api in ['torch.nn.LazyLinear', 'torch.nn.LazyConv1d', 'torch.nn.LazyConv2d', 'torch.nn.LazyConv3d', 'torch.nn.LazyBatchNorm1d', 'torch.nn.LazyBatchNorm2d', 'torch.nn.LazyBatchNorm3d']},
    **{api: _LAZY_RT for api in _LAZY_HELPERS},
    **{api: _REFUSED.format("a data-dependent output shape") for api in (
        "torch.nonzero", "Tensor.nonzero", "torch.argwhere", "Tensor.argwhere", "torch.unique",
        "Tensor.unique", "torch.unique_consecutive", "Tensor.unique_consecutive", "torch.masked_select",
        "Tensor.masked_select")},
    "torch.manual_seed": _REFUSED.format("global RNG state"),
    "Tensor.cuda": "the PyTorch here is a CPU build: the source side of a round trip cannot run x.cuda()",
    **{api: "the round trip runs with the Flax tests, which refuse it (EXCLUDED); the transfer writes no "
            "parametrized PyTorch layer (its weight is computed)" for api in _WEIGHT_NORMS},
}

# PyTorch -> Keras (tests/frameworks run again under tests/frameworks_keras, see tests/targets.py):
# the torch entries no Keras-target test translates, grouped by reason, and the test cases of those gaps,
# marked xfail(strict=True) with the same reasons: generated data, benchmarks/keras_gaps.py rewrites tests/keras_gaps.py.
from keras_gaps import KERAS_EXCLUDED, KERAS_XFAIL  # noqa: E402
# PyTorch -> MXNet Gluon (tests/frameworks_mxnet, run in .venv-mxnet): the same, benchmarks/mxnet_gaps.py
from mxnet_gaps import MXNET_EXCLUDED, MXNET_XFAIL  # noqa: E402

XFAIL: dict[str, dict[str, str]] = {"keras": KERAS_XFAIL, "mxnet": MXNET_XFAIL}   # target -> test id -> reason

# Training code (torch.optim, lr_scheduler, clip_grad_*, torch.utils.data: tests/frameworks/test_optim.py and
# test_data.py run them for Flax):
# and Gluon (under tests/frameworks_mxnet); Keras does not translate training loops yet (issue 7)
_TRAINING = [api for api, family in __import__("nnport.frameworks.torch.functions._registry",
                                               fromlist=["FAMILY"]).FAMILY.items() if family in ("optim", "data")]
_NOT_YET = "training code is translated PyTorch -> Flax NNX and MXNet Gluon only so far (issue 7)"
KERAS_EXCLUDED = {**KERAS_EXCLUDED, **{api: _NOT_YET for api in _TRAINING}}
ROUND_TRIP_EXCLUDED.update({api: _NOT_YET + ": no round trip of training code" for api in _TRAINING})
