"""Read-back coverage of the Gluon writer: every Gluon API and F.* operator the Gluon writer tables can
emit has a Gluon reader entry, and every support definition they copy into their output has a row in
the read-back table (mxnet/reading/helpers.py), or is in the known gaps below with the reason. What
the writer emits is derived from its tables, as the support matrix reads them (nnport.support.hooks:
each entry's API, the APIs its hook calls, the code it writes as text) and from the writer modules'
`helper(ctx, module, name)` requests; a writer entry that gains an API the reader lacks fails here.
Imports no DL framework (the numeric tests are tests/gluon/test_ops_more.py, test_support_calls.py)."""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from nnport import frameworks
from nnport.support import hooks

PREFIX = {"F": "mxnet.ndarray", "nd": "mxnet.ndarray", "nn": "mxnet.gluon.nn", "mx": "mxnet",
          "gluon": "mxnet.gluon", "rnn": "mxnet.gluon.rnn"}
CALL = re.compile(r"\b(F|nd|nn|mx|gluon|rnn)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(")
WRITER = Path(frameworks.__file__).parent / "mxnet"
WRITER_MODULES = ("layers", "functions", "skeleton.py", "hybrid.py", "imperative.py", "block_calls.py",
                  "modes.py", "operators.py", "reshape_codes.py", "shared_norms.py")


def _gaps(reason: str, *names: str) -> dict[str, str]:
    return {n: reason for n in names}


_TRAIN = ("training code the Gluon writer emits for a PyTorch loop (issue 7): the training reader "
          "(mxnet/reading/training.py) reads Trainer with an optimizer name, autograd.record, clip_global_norm "
          "and the lr schedulers, not data loading, the writer's optimizer helper classes or this Trainer form")

KNOWN_API_GAPS = {
    **_gaps(_TRAIN, "mxnet.gluon.data.DataLoader", "mxnet.gluon.data.ArrayDataset",
            "mxnet.gluon.Trainer ('sgd' / 'nag' / TorchSGD)", "mxnet.lr_scheduler.FactorScheduler (step=1)"),
    **_gaps("initializers as values: `param.init = mx.init.X(...)` is read (reading/initial.py: "
            "nn.init.x_(param)), a block's *_initializer= is dropped (the weights are copied by "
            "transfer_weights; PyTorch's layers take no initializer)",
            "mxnet.init.Constant", "mxnet.initializer.Constant", "mxnet.initializer.Normal",
            "mxnet.initializer.One", "mxnet.initializer.Orthogonal", "mxnet.initializer.Uniform",
            "mxnet.initializer.Xavier", "mxnet.initializer.Zero"),
    **_gaps("recurrent cells: no reader entries for Gluon's cells yet (their (output, states) call "
            "convention differs from PyTorch's cells)", "mxnet.gluon.rnn.GRUCell", "mxnet.gluon.rnn.LSTMCell",
            "mxnet.gluon.rnn.RNNCell"),
    "mxnet.gluon.nn.ReflectionPad2D": "Gluon's padding is (0, 0, 0, 0, top, bottom, left, right); not read back yet",
    **_gaps("returns values where PyTorch returns (values, indices) or float indices where PyTorch's are "
            "int64 (ret_typ=, dtype=): not read back yet", "mxnet.ndarray.argsort", "mxnet.ndarray.sort",
            "mxnet.ndarray.topk"),
    **_gaps("im2col/col2im: PyTorch's unfold/fold take another argument layout; not read back yet",
            "mxnet.ndarray.im2col", "mxnet.ndarray.col2im"),
    "mxnet.ndarray.diag": "MXNet's diag of an array of rank > 2 takes axis1/axis2; not read back yet",
    "mxnet.ndarray.linspace": "endpoint= has no PyTorch argument; not read back yet",
    "mxnet.ndarray.one_hot": "MXNet's one_hot is float32 (on_value/off_value), PyTorch's int64; not read back yet",
    "mxnet.ndarray.random.shuffle": "shuffles the first axis in place of randperm; not read back yet",
}

KNOWN_HELPER_GAPS = {
    **_gaps(_TRAIN, "LambdaScheduler", "TorchAdagrad", "TorchAdam", "TorchRMSprop", "TorchSGD", "clip_grad_value",
            "one_cycle_lr"),
    **_gaps("loss blocks and functions: PyTorch has each, but the options the helper takes "
            "(reduction, weights, ignore_index...) are not mapped back yet", "BCELoss", "BCEWithLogitsLoss",
            "CTCLoss", "CosineEmbeddingLoss", "CrossEntropyLoss", "GaussianNLLLoss", "HingeEmbeddingLoss",
            "HuberLoss", "KLDivLoss", "L1Loss", "MSELoss", "MarginRankingLoss", "MultiLabelSoftMarginLoss",
            "NLLLoss", "PoissonNLLLoss", "SmoothL1Loss", "SoftMarginLoss", "TripletMarginLoss", "weighted_loss"),
    **_gaps("pooling, padding and resampling helpers: their arguments are PyTorch's in a Gluon-side form "
            "(pads, bins); not mapped back yet", "AdaptiveAvgPool2D", "AdaptivePool", "AvgPool", "MaxPool",
            "LPPool", "Pad", "Resize", "Upsample", "adaptive_pool", "avg_pool", "max_pool", "lp_pool", "resize", "upsample", "Unfold", "Fold", "unfold", "PixelUnshuffle", "pixel_shuffle",
            "pixel_unshuffle", "ChannelShuffle", "grid_sample", "affine_grid"),
    **_gaps("functional helpers whose PyTorch function takes the same arguments but are not in the "
            "read-back table yet", "atan2", "atleast_1d", "atleast_2d", "atleast_3d", "block_diag",
            "broadcast_tensors", "cartesian_prod", "column_stack", "cumprod", "cumsum", "dstack", "fmax", "fmin", "hstack", "vstack", "inner", "isfinite", "nan_to_num", "rot90", "round_half_even", "thresholded", "prelu",
            "var_corrected", "conv", "conv_transpose",
            "batch_norm", "instance_norm", "local_response_norm", "alpha_dropout", "moved_axes", "split_sizes"),
    **_gaps("indexing helpers: they stand for PyTorch's indexing and in-place updates (x[i] = v), which "
            "need the assignment rebuilt, not a call", "gather", "scatter", "scatter_reduce", "index_along",
            "index_put", "masked_scatter", "masked_rows"),
    **_gaps("embedding and sequence helpers: padding_idx and bag offsets are folded into an initializer "
            "or a block of the helper's own; not read back yet", "EmbeddingBag", "embedding_bag",
            "bag_from_pretrained", "embedding_from_pretrained", "pad_sequence"),
    "BatchStatsNorm": "BatchNormNd(track_running_stats=False) as a block of params.get: not read back yet",
    "WeightNorm": "a parametrization wrapper: PyTorch's weight_norm is a function of the module; not read back yet",
    "PaddedConv": "the base of PaddedConv1D/2D/3D (padding modes): not read back yet",
    "free_parameter": "a parameter outside any block (PyTorch's bare nn.Parameter): not read back yet",
    "run_recurrent_cell": "recurrent cells have no reader entries yet (see mxnet.gluon.rnn.LSTMCell)",
    "log_sigmoid": "a loss helper's building block (loss.py): with the losses",
    "pairwise_distance": "a loss helper's building block (loss.py): with the losses",
    "without_bias": "PyTorch's bias=False on a recurrent layer, as Gluon's frozen zero biases: not read back yet",
}


def _name(api: str) -> str | None:
    head, _, rest = api.partition(".")
    return f"{PREFIX[head]}.{rest}" if head in PREFIX and rest else None


@functools.lru_cache(maxsize=None)
def written_apis() -> frozenset[str]:
    """Every Gluon API (qualified) the writer tables can emit."""
    out = set()
    fw = frameworks.get("mxnet")
    for e in (*fw.layers, *fw.functions):
        facts = hooks.of_writer(e.emit)
        if e.api.startswith("mxnet."):
            out.add(e.api)
        out.update(n for n in map(_name, facts.calls) if n)
        out.update(f"{PREFIX[m.group(1)]}.{m.group(2)}" for t in facts.templates for m in CALL.finditer(t))
    return frozenset(out)


def _requested(path: Path, names: set[str]) -> set[str]:
    """The support definitions a writer module names (`helper(ctx, "norm", "BatchNorm")`,
    `_call_site("run_recurrent")`, a table of helper names), but the dependencies a helper() call
    lists after the one it asks for."""
    tree = ast.parse(path.read_text())
    deps = {id(a) for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "helper" for a in node.args[3:]}
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in names and id(n) not in deps}


@functools.lru_cache(maxsize=None)
def written_helpers() -> frozenset[str]:
    """Every support definition the writer can ask for by name (its own, not those they use)."""
    from nnport.frameworks.mxnet.reading.support_calls import support_definitions
    out = set()
    fw = frameworks.get("mxnet")
    for e in (*fw.layers, *fw.functions):
        out.update(hooks.of_writer(e.emit).helpers)
    names = {n for n in support_definitions() if not n.startswith("_")}   # _private: what helpers use
    for name in WRITER_MODULES:
        for path in ([WRITER / name] if name.endswith(".py") else sorted((WRITER / name).glob("*.py"))):
            out |= _requested(path, names)
    return frozenset(out)


def _read() -> set[str]:
    source = frameworks.source("mxnet")
    return {a for a in written_apis() if a in source.layers or a in source.functions}


def test_every_written_api_is_read_or_a_known_gap():
    missing = sorted(written_apis() - _read() - KNOWN_API_GAPS.keys())
    assert not missing, f"Gluon APIs the writer emits with no reader entry (add one, or a known gap): {missing}"


def test_every_written_helper_is_read_or_a_known_gap():
    from nnport.frameworks.mxnet.reading.helpers import HELPERS
    missing = sorted(written_helpers() - HELPERS.keys() - KNOWN_HELPER_GAPS.keys())
    assert not missing, f"support definitions the writer copies with no read-back row: {missing}"


def test_known_gaps_are_current():
    """A gap the reader now reads, or the writer no longer emits, is taken off the list."""
    from nnport.frameworks.mxnet.reading.helpers import HELPERS
    assert not sorted(KNOWN_API_GAPS.keys() & _read()), "read now: drop them from KNOWN_API_GAPS"
    assert not sorted(KNOWN_API_GAPS.keys() - written_apis()), "not emitted any more"
    assert not sorted(KNOWN_HELPER_GAPS.keys() & HELPERS.keys()), "read now: drop them from KNOWN_HELPER_GAPS"
    assert not sorted(KNOWN_HELPER_GAPS.keys() - written_helpers()), "not copied any more"


def test_the_derivation_sees_the_writer():
    """The derivation finds what is known to be emitted (a check of this test, not of the reader)."""
    assert {"mxnet.gluon.nn.Dense", "mxnet.ndarray.broadcast_mul", "mxnet.ndarray.Pooling"} <= written_apis()
    assert {"BatchNorm", "hybrid_sequential", "matmul", "run_recurrent"} <= written_helpers()
