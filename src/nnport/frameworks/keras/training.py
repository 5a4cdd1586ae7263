"""Keras 3 (TensorFlow backend) as a target of training code (translate/train_loop.py): a custom loop,

    with tf.GradientTape() as tape:
        <the statements computing the loss>
    grads = [tf.convert_to_tensor(g) for g in tape.gradient(loss, model.trainable_variables)]
    grads = clip_grad_norm(grads, 1.0)                                     # clipping, if any
    grads = [g + 1e-4 * v for g, v in zip(grads, model.trainable_variables)]   # an L2 weight_decay
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

Chosen over compile/fit for every loop: it keeps the source's loop (its steps, the losses it collects,
validation passes, schedules stepped per epoch) as it is, where fit would move it into callbacks.
`model.state_dict()` -> `model.get_weights()` (copies of every variable, the moving statistics too),
`model.load_state_dict(s)` -> `model.set_weights(s)`; `model.train()` / `model.eval()` -> the
`training=` argument of the model's calls after it (translate/train_modes.py)."""
from __future__ import annotations

import libcst as cst

STATE_DICT = "{model}.get_weights()"
LOAD_STATE_DICT = "{model}.set_weights({state})"
MODE_KEYWORD = "training"   # Keras has no mode: each call says it
FRESH_NAMES = ("tape",)     # names the loop binds (made unique in the function)
# layers whose translation trains differently (pivot op -> why): a diagnostic on the loop
_SUMMED = ("{}: Keras' {} has one bias where PyTorch has two (bias_ih, bias_hh), summed when the weights are "
           "copied: the same outputs, but an optimizer step moves PyTorch's sum by two steps (both biases "
           "get the gradient); trained, the translation differs")
TRAINING_GAPS = {"lstm": _SUMMED.format("nn.LSTM", "LSTM"), "lstm_cell": _SUMMED.format("nn.LSTMCell", "LSTMCell"),
                 "rnn": _SUMMED.format("nn.RNN", "SimpleRNN"), "rnn_cell": _SUMMED.format("nn.RNNCell", "SimpleRNNCell")}


def train_step(fn: str, model: str, loss: str, aux: list[str], region: list, leading, grads: str = "grads",
               tape: str = "tape") -> list:
    """`with tf.GradientTape() as tape: <region>` and `grads = tape.gradient(loss, ...)`; the values the
    region binds stay bound after the `with` (no aux needed)."""
    first = region[0].leading_lines if region else leading
    body = [region[0].with_changes(leading_lines=[])] + region[1:] if region else [cst.parse_statement("pass")]
    record = cst.parse_statement(f"with tf.GradientTape() as {tape}:\n    pass\n").with_changes(
        body=cst.IndentedBlock(body=body), leading_lines=first)
    # dense arrays, as PyTorch's: an embedding lookup's gradient is a tf.IndexedSlices, whose repeated
    # rows Keras' element-wise optimizer steps would not sum first
    return [record, cst.parse_statement(f"{grads} = [tf.convert_to_tensor(g) for g in {tape}.gradient({loss}, "
                                        f"{model}.trainable_variables)]")]


def update(optimizer: str, model: str, stmt, grads: str = "grads", info=None, tape: str = "tape") -> list:
    """Clipping, an L2 weight decay (the optimizer's plan: optim.py), then apply_gradients."""
    info = info or {}
    lines = [f"{grads} = {clip}" for clip in info.get("clip", [])]
    if info.get("decay"):
        lines.append(f"{grads} = [g + {_operand(info['decay'])} * v for g, v in zip({grads}, "
                     f"{model}.trainable_variables)]")
    lines.append(f"{optimizer}.apply_gradients(zip({grads}, {model}.trainable_variables))")
    out = [cst.parse_statement(line) for line in lines]
    out[0] = out[0].with_changes(leading_lines=stmt.leading_lines)
    return out


def _operand(text: str) -> str:
    node = cst.parse_expression(text)
    return text if isinstance(node, (cst.Name, cst.Integer, cst.Float, cst.Attribute)) else f"({text})"


def reset(grads: str, stmt) -> cst.BaseStatement:
    """optimizer.zero_grad() where gradients are summed: none summed yet."""
    return cst.parse_statement(f"{grads} = None").with_changes(leading_lines=stmt.leading_lines if stmt is not None else [])


def accumulate(grads: str, new: str) -> cst.BaseStatement:
    """backward() adds to the gradients summed since zero_grad()."""
    return cst.parse_statement(f"{grads} = {new} if {grads} is None else [a + b for a, b in zip({grads}, {new})]")
