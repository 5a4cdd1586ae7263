"""Keras recurrent layers and wrappers -> pivot ops: LSTM, GRU (reset_after=True), SimpleRNN,
Bidirectional, TimeDistributed. PyTorch's layers run batch-first; the final state is `h_n`."""
from __future__ import annotations

from nnport.frameworks.keras.reading.loop import loop_steps, needs_loop
from nnport.frameworks.keras.reading.registry import Code, Step, identity, need, reader, report_extras
from nnport.frameworks.spec import Unsupported

RNN_DEFAULTS = {"kernel_initializer": "GlorotUniform()", "recurrent_initializer": "Orthogonal(gain=1.0)",
                "bias_initializer": "Zeros()"}
OPS = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "rnn"}


def _check(kind: str, config: dict, ctx) -> dict:
    report_extras(config, ctx, RNN_DEFAULTS)
    act, rec = config.get("activation", "tanh"), config.get("recurrent_activation", "sigmoid")
    if kind == "SimpleRNN":
        if act not in ("tanh", "relu"):
            raise Unsupported(f"SimpleRNN(activation={act!r}): nn.RNN has tanh or relu")
    elif act != "tanh" or rec != "sigmoid":
        raise Unsupported(f"{kind}(activation={act!r}, recurrent_activation={rec!r}): PyTorch's {kind} "
                          "uses tanh and sigmoid")
    if kind == "GRU" and not config.get("reset_after", True):
        raise Unsupported("GRU(reset_after=False): nn.GRU applies the reset gate after the recurrent matmul "
                          "(reset_after=True)")
    if config.get("stateful"):
        raise Unsupported(f"{kind}(stateful=True): state carried across batches is not translated")
    if config.get("dropout") or config.get("recurrent_dropout"):
        ctx.report(f"dropout/recurrent_dropout not translated (PyTorch's {kind} has dropout between stacked "
                   "layers only): inference is equal, training differs")
    args = {"input_size": None, "hidden_size": config["units"], "batch_first": True}
    if not config.get("use_bias", True):
        args["bias"] = False
    if kind == "SimpleRNN" and act == "relu":
        args["nonlinearity"] = "relu"
    return args


def _state(kind: str, h: str) -> list[str]:
    """Keras' states from PyTorch's second result (h_n, or (h_n, c_n)) for one direction index."""
    return [f"_[1][0][{h}]", f"_[1][1][{h}]"] if kind == "LSTM" else [f"_[1][{h}]"]


def _call(kind: str, ctx, bidirectional=False) -> str:
    """The module's arguments: the sequence (packed where a mask says which steps count), the
    initial states."""
    x = "_0"
    mask = ctx.kwargs.get("mask")
    if mask is not None:
        x = f"nn.utils.rnn.pack_padded_sequence(_0, {mask}.sum(1).cpu(), batch_first=True, enforce_sorted=False)"
        ctx.report("masked sequence as a packed sequence: exact for post-padded sequences (mask = a prefix of "
                   "each row), as pad_sequences(padding='post') makes", "info")
    init = ctx.kwargs.get("initial_state")
    if init is None:
        return x
    init = list(init)
    if bidirectional:
        raise Unsupported("Bidirectional with initial_state is not translated")
    states = [f"{s}.unsqueeze(0)" for s in init]
    return f"{x}, ({', '.join(states)})" if kind == "LSTM" else f"{x}, {states[0]}"


def _sequence(ctx) -> str:
    """The output sequence: `_[0]`, unpacked where the input was packed."""
    if ctx.kwargs.get("mask") is None:
        return "_[0]"
    return "nn.utils.rnn.pad_packed_sequence(_[0], batch_first=True, total_length=_0.shape[1])[0]"


def rnn(kind: str):
    def read(config, inputs, ctx):
        if needs_loop(kind, config):
            _check(kind, {**config, "activation": "tanh", "recurrent_activation": "sigmoid", "reset_after": True},
                   ctx)
            return loop_steps(kind, config, inputs, ctx)
        args = _check(kind, config, ctx)
        args["input_size"] = need(inputs[0][-1], "input_size", ctx)
        seq = _sequence(ctx) if config.get("return_sequences") else _state(kind, "0")[0]
        if config.get("return_sequences") and ctx.kwargs.get("mask") is not None and \
                not config.get("zero_output_for_mask"):
            ctx.report("masked steps of the output sequence are zeros (Keras repeats the last unmasked output "
                       "there); layers using the mask ignore them")
        outs = [seq, *_state(kind, "0")] if config.get("return_state") else [seq]
        pre = [Step("flip", {"input": Code("_0"), "dims": (1,)}, perm=identity(3))] \
            if config.get("go_backwards") else []
        if pre and ctx.kwargs.get("mask") is not None:
            raise Unsupported("go_backwards over a masked sequence is not translated")
        return [*pre, Step(OPS[kind], args, module="", call=_call(kind, ctx), perm=identity(3),
                           outputs=tuple(outs), out_perm=None)]
    return read


for _kind in OPS:
    reader(f"keras.layers.{_kind}")(rnn(_kind))


@reader("keras.layers.Bidirectional")
def bidirectional(config, inputs, ctx):
    inner = config["layer"]
    kind = inner["class_name"]
    if kind not in OPS:
        raise Unsupported(f"Bidirectional({kind}) is not translated")
    cfg = inner["config"]
    if config.get("backward_layer") is not None:
        back = config["backward_layer"]["config"]
        same = {k: v for k, v in back.items() if k not in ("name", "go_backwards")}
        if any(cfg.get(k) != v for k, v in same.items()):
            raise Unsupported("Bidirectional with a backward_layer configured differently")
    args = _check(kind, cfg, ctx)
    args["input_size"] = need(inputs[0][-1], "input_size", ctx)
    args["bidirectional"] = True
    units = cfg["units"]
    mode = config.get("merge_mode", "concat")
    if cfg.get("return_sequences"):
        seq = _sequence(ctx)
        fwd, bwd, both = f"{seq}[..., :{units}]", f"{seq}[..., {units}:]", seq
    else:
        fwd, bwd = _state(kind, "0")[0], _state(kind, "1")[0]
        both = f"torch.cat([{fwd}, {bwd}], dim=-1)"
    merged = {"concat": both, "sum": f"{fwd} + {bwd}", "mul": f"{fwd} * {bwd}",
              "ave": f"({fwd} + {bwd}) / 2"}
    if mode is None:
        outs = [fwd, bwd]
    elif mode in merged:
        outs = [merged[mode]]
    else:
        raise Unsupported(f"Bidirectional(merge_mode={mode!r})")
    if cfg.get("return_state"):
        outs += _state(kind, "0") + _state(kind, "1")
    return [Step(OPS[kind], args, module="", call=_call(kind, ctx, True), perm=identity(3), outputs=tuple(outs),
                 out_perm=None)]


LAST_AXIS = {"keras.layers.Dense", "keras.layers.Activation", "keras.layers.Dropout", "keras.layers.ReLU",
             "keras.layers.LeakyReLU", "keras.layers.ELU"}


@reader("keras.layers.TimeDistributed")
def time_distributed(config, inputs, ctx):
    """The inner layer on every time step: layers acting on the last axis see the whole sequence;
    any other runs on (batch * time, ...) and is unflattened back."""
    inner = config["layer"]
    api = inner.get("api") or f"keras.layers.{inner['class_name']}"
    shape = inputs[0]
    if api in LAST_AXIS:
        return ctx.read(inner, [shape])
    steps = ctx.read(inner, [(None, *shape[2:])])
    t = need(shape[1], "the number of time steps", ctx)
    rank = len(shape)
    fold = Step("flatten", {"input": Code("_0"), "start_dim": 0, "end_dim": 1}, perm=identity(rank),
                out_perm=None)
    unfold = Step("unflatten", {"input": Code("_0"), "dim": 0, "sizes": (-1, t)},
                  out_perm=lambda p: None if p is None else (0, 1, *(a + 1 for a in p[1:])))
    if steps and steps[-1].outputs:
        raise Unsupported("TimeDistributed over a layer with several outputs")
    return [fold, *steps, unfold]
