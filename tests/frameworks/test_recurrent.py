"""Numerical tests of the recurrent family: nn.LSTM / GRU / RNN and their cells (eval mode)."""
import textwrap

import pytest

import nnport
from harness import check, layer_case, randn

# (constructor, input shape); outputs compared: output and final states.
STACKS = [
    ("nn.LSTM(3, 4)", (5, 2, 3)),
    ("nn.LSTM(3, 4, batch_first=True)", (2, 5, 3)),
    ("nn.LSTM(3, 4, num_layers=2, dropout=0.5)", (5, 2, 3)),
    ("nn.LSTM(3, 4, 2, bidirectional=True, batch_first=True)", (2, 5, 3)),
    ("nn.LSTM(3, 4, bias=False, bidirectional=True)", (5, 2, 3)),
    ("nn.LSTM(input_size=3, hidden_size=4, num_layers=3, proj_size=0)", (4, 1, 3)),
    ("nn.LSTM(3, 4, num_layers=2, bidirectional=True)", (5, 3)),            # unbatched
    ("nn.GRU(3, 4)", (5, 2, 3)),
    ("nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True)", (2, 5, 3)),
    ("nn.GRU(3, 4, bias=False)", (5, 2, 3)),
    ("nn.GRU(3, 4, 2)", (5, 3)),                                            # unbatched
    ("nn.RNN(3, 4)", (5, 2, 3)),
    ("nn.RNN(3, 4, 2, 'relu')", (5, 2, 3)),
    ("nn.RNN(3, 4, nonlinearity='relu', bidirectional=True, batch_first=True, bias=False)", (2, 5, 3)),
]


@pytest.mark.parametrize("ctor, shape", STACKS)
def test_stack(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


def _with_state(ctor: str, call: str, params: str) -> str:
    """A Model whose forward runs `call` (lines separated by ';') and returns `out, state`."""
    body = "".join(f"        {line.strip()}\n" for line in call.split(";"))
    return ("import torch\nimport torch.nn as nn\n\n\nclass Model(nn.Module):\n"
            "    def __init__(self):\n        super().__init__()\n"
            f"        self.rnn = {ctor}\n\n    def forward(self, {params}):\n{body}"
            "        return out, state\n")


@pytest.mark.parametrize("ctor, dirs, batch_first", [
    ("nn.LSTM(3, 4, num_layers=2, bidirectional=True)", 4, False),
    ("nn.LSTM(3, 4, batch_first=True)", 1, True),
])
def test_lstm_initial_state(ctor, dirs, batch_first):
    code = _with_state(ctor, "out, (h, c) = self.rnn(x, (h0, c0)); state = h + c", "x, h0, c0")
    x = randn(2, 5, 3) if batch_first else randn(5, 2, 3)
    check(code, inputs=[x, randn(dirs, 2, 4, seed=1), randn(dirs, 2, 4, seed=2)])


def test_lstm_initial_state_unbatched():
    code = _with_state("nn.LSTM(3, 4, 2)", "out, (h, c) = self.rnn(x, (h0, c0)); state = (h, c)",
                       "x, h0, c0")
    check(code, inputs=[randn(5, 3), randn(2, 4, seed=1), randn(2, 4, seed=2)])


@pytest.mark.parametrize("ctor", ["nn.GRU(3, 4, num_layers=2, bidirectional=True)",
                                  "nn.RNN(3, 4, 2, nonlinearity='relu', bidirectional=True)"])
def test_initial_hidden(ctor):
    code = _with_state(ctor, "out, state = self.rnn(x, h0)", "x, h0")
    check(code, inputs=[randn(5, 2, 3), randn(4, 2, 4, seed=1)])


def test_train_mode_without_dropout():
    check(layer_case("nn.GRU(3, 4, num_layers=2, batch_first=True)"), inputs=[randn(2, 5, 3)], train=True)


CELLS = [
    ("nn.LSTMCell(3, 4)", "x", [(2, 3)]),
    ("nn.LSTMCell(3, 4, bias=False)", "x, h, c", [(2, 3), (2, 4), (2, 4)]),
    ("nn.LSTMCell(3, 4)", "x, h, c", [(3,), (4,), (4,)]),                  # unbatched
    ("nn.GRUCell(3, 4)", "x", [(2, 3)]),
    ("nn.GRUCell(3, 4, bias=False)", "x, h", [(2, 3), (2, 4)]),
    ("nn.GRUCell(3, 4)", "x, h", [(3,), (4,)]),
    ("nn.RNNCell(3, 4)", "x, h", [(2, 3), (2, 4)]),
    ("nn.RNNCell(3, 4, True, 'relu')", "x", [(2, 3)]),
    ("nn.RNNCell(3, 4, nonlinearity='relu', bias=False)", "x, h", [(2, 3), (2, 4)]),
]


@pytest.mark.parametrize("ctor, params, shapes", CELLS)
def test_cell(ctor, params, shapes):
    if params == "x, h, c":
        code = layer_case(ctor, "x, h, c").replace("self.layer(x, h, c)", "self.layer(x, (h, c))")
    else:
        code = layer_case(ctor, params)
    check(code, inputs=[randn(*s, seed=i) for i, s in enumerate(shapes)])


def test_cell_loop():
    code = textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.cell = nn.LSTMCell(3, 4)
                self.gru = nn.GRUCell(4, 4)

            def forward(self, x):
                h = torch.zeros(x.size(1), 4)
                c = torch.zeros(x.size(1), 4)
                g = None
                outs = []
                for t in range(x.size(0)):
                    h, c = self.cell(x[t], (h, c))
                    g = self.gru(h, g)
                    outs.append(g)
                return torch.stack(outs)
        """)
    check(code, inputs=[randn(5, 2, 3)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("ctor, message", [
    ("nn.LSTM(3, 4, proj_size=2)", "proj_size"),
    ("nn.RNN(3, 4, nonlinearity='sigmoid')", "nonlinearity"),
    ("nn.RNNCell(3, 4, nonlinearity='gelu')", "nonlinearity"),
])
def test_unsupported(ctor, message):
    conv = nnport.convert(layer_case(ctor), to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]
