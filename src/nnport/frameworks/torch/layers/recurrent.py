"""torch layers: recurrent (RNN, LSTM, GRU and their cells).

Weights keep PyTorch's names as canonical names: weight_ih_l{k}{_reverse} ((gates * H, in), gates
i, f, g, o for LSTM; r, z, n for GRU), weight_hh_l{k}{_reverse}, bias_ih_l{k}{_reverse},
bias_hh_l{k}{_reverse}; cells: weight_ih, weight_hh, bias_ih, bias_hh.
"""
import re

from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer
from nnport.frameworks.torch.writers.transfer import by_name   # as a target: weights by their names

_NAME = re.compile(r"^(weight|bias)_(ih|hh)(_l\d+(_reverse)?)?$")


class PatternWeights(dict):
    """A weights table for any number of layers: names are matched by pattern, not listed."""

    def __init__(self, pattern: re.Pattern, axes):
        super().__init__()
        self.pattern, self.axes = pattern, axes   # axes: match -> axis labels

    def __missing__(self, name: str) -> W:
        m = self.pattern.match(name) if isinstance(name, str) else None
        if m is None:
            raise KeyError(name)
        return W(name, self.axes(m))

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __bool__(self) -> bool:   # "has weights", though none are listed
        return True

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and self.pattern.match(name) is not None


RNN_WEIGHTS = PatternWeights(_NAME, lambda m: "out,in" if m.group(1) == "weight" else "out")

_RNN = "input_size, hidden_size, num_layers=1, {}bias=True, batch_first=False, dropout=0.0, " \
       "bidirectional=False, {}device=None, dtype=None"

# torch.nn.LSTM/GRU/RNN are declared `(*args, **kwargs)` (their signatures are overloads); these are
# the documented signatures (tests/frameworks/test_signatures.py compares with the declared one).
layer("torch.nn.LSTM", "lstm", _RNN.format("", "proj_size=0, "), ignore=FACTORY, weights=RNN_WEIGHTS,
      transfer=by_name)
layer("torch.nn.GRU", "gru", _RNN.format("", ""), ignore=FACTORY, weights=RNN_WEIGHTS,
      transfer=by_name)
layer("torch.nn.RNN", "rnn", _RNN.format("nonlinearity='tanh', ", ""), ignore=FACTORY, weights=RNN_WEIGHTS,
      transfer=by_name)

_CELL_WEIGHTS = {"weight_ih": W("weight_ih", "out,in"), "weight_hh": W("weight_hh", "out,in"),
                 "bias_ih": W("bias_ih", "out"), "bias_hh": W("bias_hh", "out")}
_CELL = "input_size, hidden_size, bias=True, {}device=None, dtype=None"
layer("torch.nn.LSTMCell", "lstm_cell", _CELL.format(""), ignore=FACTORY, weights=_CELL_WEIGHTS)
layer("torch.nn.GRUCell", "gru_cell", _CELL.format(""), ignore=FACTORY, weights=_CELL_WEIGHTS)
layer("torch.nn.RNNCell", "rnn_cell", _CELL.format("nonlinearity='tanh', "), ignore=FACTORY,
      weights=_CELL_WEIGHTS)
