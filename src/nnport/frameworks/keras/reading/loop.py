"""Keras recurrent layers that PyTorch's nn.LSTM / nn.GRU / nn.RNN cannot say (other activations,
GRU(reset_after=False)) -> a helper module running Keras' cell equations in a loop over the time
steps, with Keras' weight layout (kernel, recurrent_kernel, bias: copied as they are)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import Code, Step, identity, need
from nnport.frameworks.spec import Unsupported

LOOP_ACTIVATIONS = ("tanh", "sigmoid", "relu", "hard_sigmoid", "elu", "selu", "softsign", "linear")
KINDS = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "rnn"}


def needs_loop(kind: str, config: dict) -> bool:
    act, rec = config.get("activation", "tanh"), config.get("recurrent_activation", "sigmoid")
    if kind == "SimpleRNN":
        return act not in ("tanh", "relu")
    return act != "tanh" or rec != "sigmoid" or kind == "GRU" and not config.get("reset_after", True)


def loop_steps(kind: str, config: dict, inputs, ctx) -> list[Step]:
    act, rec = config.get("activation", "tanh"), config.get("recurrent_activation", "sigmoid")
    for a in (act, rec):
        if a not in LOOP_ACTIVATIONS:
            raise Unsupported(f"{kind}(activation={a!r}) is not translated")
    if ctx.kwargs.get("mask") is not None:
        raise Unsupported(f"{kind} with these activations over a masked sequence is not translated")
    args = [repr(KINDS[kind]), str(need(inputs[0][-1], "input_size", ctx)), str(config["units"])]
    if act != "tanh":
        args.append(f"activation={act!r}")
    if kind != "SimpleRNN" and rec != "sigmoid":
        args.append(f"recurrent_activation={rec!r}")
    if not config.get("use_bias", True):
        args.append("bias=False")
    if kind == "GRU" and not config.get("reset_after", True):
        args.append("reset_after=False")
    init = ctx.kwargs.get("initial_state")
    call = "_0" if init is None else f"_0, [{', '.join(init)}]"
    seq = "_[0]" if config.get("return_sequences") else "_[1][0]"
    states = ["_[1][0]", "_[1][1]"] if kind == "LSTM" else ["_[1][0]"]
    outs = (seq, *states) if config.get("return_state") else (seq,)
    pre = [Step("flip", {"input": Code("_0"), "dims": (1,)}, perm=identity(3))] if config.get("go_backwards") else []
    ctx.report(f"{kind} as a loop over the time steps (KerasRNN): nn.{kind.replace('SimpleRNN', 'RNN')} "
               "cannot say these activations / reset_after=False", "info")
    return [*pre, Step("", module="", construct=f"KerasRNN({', '.join(args)})", call=call, perm=identity(3),
                       outputs=outs, out_perm=None)]


HELPER = '''
class KerasRNN(nn.Module):
    """A Keras LSTM, GRU or SimpleRNN as a loop over the time steps, with Keras' activations and
    weight layout (kernel (in, gates * units), recurrent_kernel, bias; LSTM gates i, f, c, o and GRU
    gates z, r, h). Returns (output sequence, [final states])."""

    ACTIVATIONS = {"tanh": lambda x: torch.tanh(x), "sigmoid": lambda x: torch.sigmoid(x),
                   "relu": lambda x: torch.relu(x), "hard_sigmoid": lambda x: F.hardsigmoid(x),
                   "elu": lambda x: F.elu(x), "selu": lambda x: F.selu(x), "softsign": lambda x: F.softsign(x),
                   "linear": lambda x: x}   # calls, not references: what a translation reads
    GATES = {"lstm": 4, "gru": 3, "rnn": 1}

    def __init__(self, kind, input_size, units, activation="tanh", recurrent_activation="sigmoid", bias=True,
                 reset_after=True):
        super().__init__()
        n = self.GATES[kind]
        self.kind, self.units, self.reset_after = kind, units, reset_after
        self.act, self.rec = self.ACTIVATIONS[activation], self.ACTIVATIONS[recurrent_activation]
        self.kernel = nn.Parameter(torch.zeros(input_size, n * units))
        self.recurrent_kernel = nn.Parameter(torch.zeros(units, n * units))
        shape = (2, n * units) if kind == "gru" and reset_after else (n * units,)
        self.bias = nn.Parameter(torch.zeros(shape)) if bias else None

    def forward(self, x, state=None):
        u = self.units
        h = x.new_zeros(x.shape[0], u) if state is None else state[0]
        c = x.new_zeros(x.shape[0], u) if state is None or len(state) < 2 else state[1]
        bias_x = bias_h = 0.0
        if self.bias is not None:
            bias_x, bias_h = (self.bias[0], self.bias[1]) if self.bias.dim() == 2 else (self.bias, 0.0)
        xs = x @ self.kernel + bias_x
        outputs = []
        for t in range(x.shape[1]):
            if self.kind == "lstm":
                i, f, g, o = (xs[:, t] + h @ self.recurrent_kernel).chunk(4, -1)
                c = self.rec(f) * c + self.rec(i) * self.act(g)
                h = self.rec(o) * self.act(c)
            elif self.kind == "gru":
                xz, xr, xh = xs[:, t].chunk(3, -1)
                if self.reset_after:
                    hz, hr, hh = (h @ self.recurrent_kernel + bias_h).chunk(3, -1)
                    z, r = self.rec(xz + hz), self.rec(xr + hr)
                    candidate = self.act(xh + r * hh)
                else:
                    hz, hr = (h @ self.recurrent_kernel[:, :2 * u]).chunk(2, -1)
                    z, r = self.rec(xz + hz), self.rec(xr + hr)
                    candidate = self.act(xh + (r * h) @ self.recurrent_kernel[:, 2 * u:])
                h = z * h + (1 - z) * candidate
            else:
                h = self.act(xs[:, t] + h @ self.recurrent_kernel)
            outputs.append(h)
        return torch.stack(outputs, 1), ([h, c] if self.kind == "lstm" else [h])
'''
