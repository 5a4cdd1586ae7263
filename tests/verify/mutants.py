"""Deliberate defects in correct translations of corpus models: the verifier must flag them.

Each mutant replaces `old` (which must occur in the translation) by `new` in the translated code.
`where`: regexes of the source module paths a correct localisation names ("" = the model itself:
the defect is in its own forward). `limit`: why the verifier cannot flag it (kept honest: the test
checks such a mutant is indeed not flagged). `equivalent`: equivalent by construction (excluded
from the figures; the flax-only differential run must find no change).

A mutant counts only if it changes behaviour: `behaviour_change` runs the mutated and the correct
translation with the same weights (copied nnx state), the same inputs and the same RNG seed in
eval and train mode and compares outputs, batch statistics and gradients, with no PyTorch, no
weight transfer and none of the verifier's code involved.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Mutant:
    model: str
    id: str
    defect: str
    old: str
    new: str
    where: tuple[str, ...] = ()
    limit: str = ""
    equivalent: str = ""
    misplaced: str = ""     # localisation expected to miss, and why


M = Mutant
MUTANTS = [
    # MLP
    M("mlp", "mlp-bias", "bias dropped from fc2 at its call",
      "x = jax.nn.relu(self.fc2(x))", "x = jax.nn.relu(x @ self.fc2.kernel[...])", ("",)),
    M("mlp", "mlp-act", "ReLU -> GELU", "x = jax.nn.relu(self.fc2(x))", "x = jax.nn.gelu(self.fc2(x))", ("",)),
    M("mlp", "mlp-transpose", "fc2 kernel used transposed (square: shapes still fit)",
      "x = jax.nn.relu(self.fc2(x))", "x = jax.nn.relu(x @ self.fc2.kernel[...].T + self.fc2.bias[...])", ("",)),
    M("mlp", "mlp-stop-grad", "stop_gradient after fc1 (forward unchanged: only gradients differ)",
      "x = jax.nn.relu(self.fc1(x))", "x = jax.lax.stop_gradient(jax.nn.relu(self.fc1(x)))", ("fc1",)),
    # ResNet: conv + batch norm
    M("resnet_basic", "bn-eps", "batch-norm eps 1e-5 -> 1e-3 (BasicBlock.bn2)",
      "self.bn2 = BatchNorm(planes, axis=1, momentum=0.9, rngs=rngs)",
      "self.bn2 = BatchNorm(planes, axis=1, momentum=0.9, epsilon=1e-3, rngs=rngs)", (r"layer\d\.\d\.bn2",)),
    M("resnet_basic", "bn-momentum", "batch-norm momentum 0.9 -> 0.99 (PyTorch 0.1 read as Flax's)",
      "self.bn1 = BatchNorm(width, momentum=0.9, rngs=rngs)",
      "self.bn1 = BatchNorm(width, momentum=0.99, rngs=rngs)", ("bn1",)),
    M("resnet_basic", "bn-biased-var", "running variance updated with the biased batch variance",
      "var * (n / (n - 1))", "var", (r"bn1", r".*bn\d", r".*downsample\.1")),
    M("resnet_basic", "conv-padding", "conv1 padding (1,1) -> (0,2) on H (same shape, shifted)",
      "self.conv1 = nnx.Conv(3, width, (3, 3), padding=[(1, 1), (1, 1)]",
      "self.conv1 = nnx.Conv(3, width, (3, 3), padding=[(0, 2), (1, 1)]", ("conv1",)),
    M("resnet_basic", "residual", "residual branch halved",
      "out += identity  # residual connection", "out += 0.5 * identity", (r"layer\d\.\d",)),
    M("resnet_basic", "relu-leaky", "BasicBlock ReLU -> leaky ReLU",
      "self.relu = jax.nn.relu", "self.relu = jax.nn.leaky_relu", (r"layer\d\.\d\.relu",)),
    M("resnet_basic", "pool-axes", "global average pool over (H, C) instead of (H, W)",
      "partial(jnp.mean, axis=(1, 2), keepdims=True)", "partial(jnp.mean, axis=(1, 3), keepdims=True)",
      ("avgpool",)),
    M("resnet_basic", "layout-back", "channels-first transpose dropped before layer1 (C = H = W: shapes fit)",
      "x = self.layer1(jnp.moveaxis(x, -1, 1))", "x = self.layer1(x)", ("",)),
    M("resnet_basic", "downsample-same", "1x1 stride-2 shortcut conv padding VALID -> SAME",
      "padding='VALID', use_bias=False", "padding='SAME', use_bias=False",
      equivalent="a 1x1 kernel needs no padding: SAME pads (7*2 + 1 - 16) < 0 -> nothing"),
    # LSTM
    M("lstm_states", "lstm-gates", "LSTM gates i and f swapped",
      "i, f, g, o = jnp.split(", "f, i, g, o = jnp.split(", ("rnn",)),
    M("lstm_states", "lstm-cell-tanh", "tanh of the cell state dropped in h",
      "return jax.nn.sigmoid(o) * jnp.tanh(c), c", "return jax.nn.sigmoid(o) * c, c", ("rnn",)),
    M("lstm_states", "lstm-logsoftmax-axis", "log_softmax over axis 0 instead of 1",
      "jax.nn.log_softmax(decoded, axis=1)", "jax.nn.log_softmax(decoded, axis=0)", ("",)),
    M("lstm_states", "lstm-dropout-rate", "dropout 0.2 -> 0.5 (train mode only)",
      "self.drop = nnx.Dropout(dropout, rngs=rngs)", "self.drop = nnx.Dropout(0.5, rngs=rngs)",
      limit="dropout masks come from each framework's own generator: training-mode outputs are "
            "reported not comparable, and eval mode has no dropout"),
    # GRU
    M("gru_initial_hidden", "gru-reset", "GRU reset gate dropped from n",
      "n = jnp.tanh(x_n + r * h_n)", "n = jnp.tanh(x_n + h_n)", ("gru",)),
    M("gru_initial_hidden", "gru-update", "GRU update gate convention flipped (z <-> 1 - z)",
      "return (1 - z) * n + z * hx", "return z * n + (1 - z) * hx", ("gru",)),
    M("gru_initial_hidden", "gru-reverse", "recurrence scanned backwards",
      "jax.lax.scan(step, carry, xs, reverse=reverse)", "jax.lax.scan(step, carry, xs, reverse=not reverse)",
      ("gru",)),
    # nn.MultiheadAttention
    M("multihead_attention", "mha-softmax-axis", "attention softmax over the query axis",
      "jax.nn.softmax(scores, axis=-1)", "jax.nn.softmax(scores, axis=-2)", ("self_attn",)),
    M("multihead_attention", "mha-scale", "scores scaled by sqrt(embed) instead of sqrt(head dim)",
      "q / math.sqrt(embed // heads)", "q / math.sqrt(embed)", ("self_attn",)),
    M("multihead_attention", "mha-q-transpose", "q_proj kernel used transposed (missing kernel transpose)",
      "split_heads(self.q_proj(query))", "split_heads(query @ self.q_proj.kernel[...].T + self.q_proj.bias[...])",
      ("self_attn",)),
    M("multihead_attention", "mha-mask", "key padding mask polarity flipped",
      "attention_bias(key_padding_mask, scores.dtype, False)", "attention_bias(key_padding_mask, scores.dtype, True)",
      ("cross_attn",)),
    M("multihead_attention", "ln-eps", "LayerNorm eps 1e-5 -> 1e-2",
      "self.norm1 = nnx.LayerNorm(embed_dim, epsilon=1e-05", "self.norm1 = nnx.LayerNorm(embed_dim, epsilon=1e-02",
      ("norm1",)),
    M("multihead_attention", "mha-average", "attention weights max- instead of mean-pooled over heads",
      "weights.mean(axis=-3)", "weights.max(axis=-3)", ("cross_attn",)),
    # ViT (hand-written attention)
    M("vit_manual", "vit-scale", "attention scale dropped",
      "attn = (q @ jnp.swapaxes(k, -2, -1)) * self.scale", "attn = (q @ jnp.swapaxes(k, -2, -1))",
      (r"blocks\.\d\.attn",)),
    M("vit_manual", "vit-qk-swap", "q and k swapped",
      "q, k, v = qkv[0], qkv[1], qkv[2]", "k, q, v = qkv[0], qkv[1], qkv[2]", (r"blocks\.\d\.attn",)),
    M("vit_manual", "vit-gelu", "exact GELU -> tanh approximation",
      "partial(jax.nn.gelu, approximate=False)", "partial(jax.nn.gelu, approximate=True)",
      (r"blocks\.\d\.mlp\.act",)),
    M("vit_manual", "vit-pos-sign", "position embedding subtracted",
      "x + self.pos_embed[...]", "x - self.pos_embed[...]", ("",)),
    M("vit_manual", "vit-patch-layout", "patches flattened in (H, C, W) order",
      "jax.lax.collapse(jnp.moveaxis(x, -1, 1), 2)", "jax.lax.collapse(jnp.moveaxis(x, -1, 2), 2)",
      ("patch_embed",)),
    M("vit_manual", "vit-patch-nhwc", "patches flattened channels-last, no transposes",
      "x = jnp.swapaxes(jax.lax.collapse(jnp.moveaxis(x, -1, 1), 2), 1, 2)", "x = jax.lax.collapse(x, 1, 3)",
      equivalent="NHWC collapsed over (H, W) is exactly NCHW flattened over (H, W) then transposed"),
    M("vit_manual", "vit-ln-eps", "final LayerNorm eps 1e-6 -> 1e-1",
      "self.norm = nnx.LayerNorm(embed_dim, use_fast_variance=False, rngs=rngs)",
      "self.norm = nnx.LayerNorm(embed_dim, epsilon=1e-1, use_fast_variance=False, rngs=rngs)", ("norm",)),
    # LeNet: conv + pool
    M("lenet", "lenet-identity-slice", "an identity slice after the second pool (control)",
      "channels_last=False)\n        x = x.reshape", "channels_last=False)[:, :, ::1, ::1]\n        x = x.reshape",
      equivalent="slicing with step 1 is the identity (kept as a control for the differential run)"),
    M("lenet", "lenet-conv-flip", "conv2 kernel spatially flipped (correlation vs convolution)",
      "x = max_pool(jnp.moveaxis(jax.nn.relu(self.conv2(jnp.moveaxis(x, 1, -1)))",
      "x = max_pool(jnp.moveaxis(jax.nn.relu(jax.lax.conv_general_dilated(jnp.moveaxis(x, 1, -1), "
      "self.conv2.kernel[...][::-1, ::-1], (1, 1), 'VALID', dimension_numbers=('NHWC', 'HWIO', 'NHWC')) "
      "+ self.conv2.bias[...])", ("",)),
]


def apply(code: str, m: Mutant) -> str:
    if m.old not in code:
        raise AssertionError(f"{m.id}: {m.old!r} does not occur in the translation of {m.model}")
    return code.replace(m.old, m.new)


def counted(mutants=MUTANTS) -> list[Mutant]:
    return [m for m in mutants if not m.equivalent]


def behaviour_change(good_mod, bad_mod, init, inputs, tol: float = 1e-6, full: bool = True) -> str:
    """What differs between two Flax translations run with identical state, inputs and RNG seed
    ("" when nothing does): eval outputs, train outputs, batch statistics, gradients. With
    full=False, stops at the first difference."""
    import jax
    import jax.numpy as jnp
    from flax import nnx
    args, kwargs = init

    rng = np.random.default_rng(0)
    noise = {}

    def perturb(path, v):   # Flax's own init has zero biases and unit statistics: move off them
        key = tuple(map(str, path))
        if key not in noise:
            u = rng.uniform(0.5, 1.5, np.shape(v)) if "var" in key[-1] else 0.1 * rng.standard_normal(np.shape(v))
            noise[key] = u.astype(np.float32)
        return v * noise[key] if "var" in key[-1] else v + noise[key]

    def pair():
        a = good_mod.Model(*args, **kwargs, rngs=nnx.Rngs(0))
        b = bad_mod.Model(*args, **kwargs, rngs=nnx.Rngs(0))
        state = nnx.state(a, nnx.Any(nnx.Param, nnx.BatchStat))
        nnx.update(a, jax.tree_util.tree_map_with_path(perturb, state))
        nnx.update(b, nnx.state(a, nnx.Any(nnx.Param, nnx.BatchStat)))
        return a, b

    def differ(x, y) -> bool:
        xs, ys = jax.tree.leaves(x), jax.tree.leaves(y)
        if len(xs) != len(ys):
            return True
        for u, v in zip(xs, ys):
            u, v = np.asarray(u, np.float64), np.asarray(v, np.float64)
            if u.shape != v.shape or not np.array_equal(np.isnan(u), np.isnan(v)):
                return True
            scale = max(1e-3, float(np.nanmax(np.abs(u), initial=0.0)))
            if float(np.nanmax(np.abs(u - v), initial=0.0)) > tol * scale:
                return True
        return False

    xs = [jnp.asarray(i) for i in inputs]
    found = []
    for mode in ("eval", "train"):
        a, b = pair()
        (a.eval(), b.eval()) if mode == "eval" else (a.train(), b.train())
        try:
            oa, ob = a(*xs), b(*xs)
        except Exception as e:  # noqa: BLE001 - a mutant that crashes does change behaviour
            return f"{mode}: mutant raises {type(e).__name__}"
        if differ(oa, ob):
            found.append(f"{mode} outputs")
        if found and not full:
            break
        if mode == "train":
            if differ(nnx.state(a, nnx.BatchStat), nnx.state(b, nnx.BatchStat)):
                found.append("batch statistics")
            a, b = pair()
            a.train(), b.train()
            proj = [np.random.default_rng(1).standard_normal(np.shape(o)).astype(np.float32)
                    for o in jax.tree.leaves(oa)]

            def loss(m, floats):
                outs = jax.tree.leaves(m(*floats, *xs[len(floats):]))
                return sum(jnp.sum(o * p) for o, p in zip(outs, proj) if jnp.issubdtype(o.dtype, jnp.floating))
            n = 1 if jnp.issubdtype(xs[0].dtype, jnp.floating) else 0
            ga = nnx.grad(loss, argnums=(0, 1))(a, xs[:n])
            gb = nnx.grad(loss, argnums=(0, 1))(b, xs[:n])
            if differ(ga, gb):
                found.append("gradients")
    return ", ".join(found)


def study(model: str, mutants, workdir, full: bool = True) -> list[dict]:
    """Verify the correct translation of a corpus model and each of its mutants (in process, the
    source side run once, with training-mode checks); one row per run."""
    import os
    import time
    from pathlib import Path

    import nnport
    from harness import load
    from nnport.verify.compare import Tolerance
    from nnport.verify.oracle import Side, conclude, source_request, target_request
    from nnport.verify.process import run_in_process
    from nnport.verify.result import VERIFY_ERROR, VerifyResult

    path = str(Path(__file__).parent.parent / "corpus" / "torch" / f"{model}.py")
    code = Path(path).read_text()
    src = Side(path, "Model", "torch", code)
    s = run_in_process("source", source_request(src, train=True))
    good = nnport.convert(code, to="flax", source="torch").code
    good_mod = load(good)
    rows = []
    for m in [None] + list(mutants):
        text = good if m is None else apply(good, m)
        file = os.path.join(str(workdir), f"{model}_{'original' if m is None else m.id}.py")
        Path(file).write_text(text)
        tgt = Side(file, "Model", "flax", text)
        t0 = time.perf_counter()
        res = VerifyResult(VERIFY_ERROR, Tolerance(), trials=1)
        try:
            conclude(res, src, tgt, s, run_in_process("target", target_request(tgt, s, res.tolerance)))
        except Exception as e:  # noqa: BLE001 - a target that cannot be verified is reported as such
            res.verdict, res.error = VERIFY_ERROR, str(e)
        seconds = time.perf_counter() - t0
        change = "" if m is None else behaviour_change(good_mod, load(text), s["init"], s["trials"][0]["inputs"],
                                                      full=full)
        loc = res.location
        rows.append({"model": model, "id": "original" if m is None else m.id, "mutant": m,
                     "verdict": res.verdict, "flagged": res.verdict != "equivalent",
                     "eval_flagged": any(c.name.startswith("eval") and c.status in ("mismatch", "error")
                                         for c in res.checks),
                     "located": None if loc is None else loc.path, "found_by": None if loc is None else loc.found_by,
                     "located_ok": bool(m and loc and located(m, loc.path)), "change": change,
                     "error": res.error, "seconds": seconds})
    return rows


def located(m: Mutant, path: str) -> bool:
    import re
    return any(re.fullmatch(w, path) for w in m.where)
