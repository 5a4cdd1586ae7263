"""Reader entries derived from the Flax writer's own plain entries (Flax as a source reads what the
Flax writer writes): a writer entry whose `emit` is a plain call, each argument one canonical
argument (`Emit("jnp.roll", ("{input}", "{shifts}"), {"axis": "{dims}"}, signature="a, shift,
axis=None")`), is read back as that call with the renames inverted (`a` -> input, `shift` -> shifts,
`axis` -> dims), for the APIs the hand-written readers (ops.py, layers.py...) do not already read.

Where JAX's default differs from PyTorch's (the torch table's entry for the op), an argument left out
is written with JAX's default (`jnp.argsort`'s stable=True); one PyTorch requires is refused when
left out; a JAX argument PyTorch does not have is read only at its default (else refused:
`jnp.linspace(endpoint=False)`).
"""
from __future__ import annotations

import re

from nnport.frameworks.spec import Entry, Unsupported, code
from nnport.pivot.signature import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, REQUIRED, VAR_KEYWORD, VAR_POSITIONAL, Signature

_REF = re.compile(r"^\{(\w+)\}$")
PREFIXES = {"jnp.": "jax.numpy.", "nnx.": "flax.nnx.", "lax.": "jax.lax.", "jax.": "jax."}


def qualified(api: str) -> str:
    """`jnp.roll` -> `jax.numpy.roll` (the writer's spelling -> the reader's key)."""
    for short, full in PREFIXES.items():
        if api.startswith(short):
            return full + api[len(short):]
    return api


def _plain(emit) -> bool:
    from nnport.translate.emit import Emit
    return isinstance(emit, Emit) and not emit.api.startswith(".") and \
        all(isinstance(s, str) and _REF.match(s) for s in (*emit.pos, *emit.kw.values()))


def signature_and_renames(emit) -> tuple[str, dict[str, str]] | None:
    """The JAX signature the emit writes and {JAX argument: canonical argument}; None where the emit
    names positional arguments its signature does not have."""
    pos = [_REF.match(s).group(1) for s in emit.pos]
    kw = {k: _REF.match(s).group(1) for k, s in emit.kw.items()}
    if emit.signature is None:
        return ", ".join([*pos, *(f"{k}=None" for k in kw)]).replace("*, ", ""), {**{p: p for p in pos}, **{
            k: v for k, v in kw.items()}}
    sig = Signature.parse(emit.signature)
    positional = [p.name for p in sig.params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    if len(positional) < len(pos) or any(sig.get(k) is None for k in kw):
        return None
    return emit.signature, {**dict(zip(positional, pos)), **kw}


def _torch_defaults(op: str) -> dict[str, str | None] | None:
    from nnport import frameworks
    entries = [e for e in frameworks.get("torch").functions.for_op(op) if not e.api.startswith("Tensor.")]
    if not entries:
        return None
    return {p.name: p.default for p in entries[0].sig().params}


def reader(api: str, signature: str, rename: dict[str, str], torch: dict[str, str | None]):
    """The read hook: JAX's defaults written where PyTorch's differ; arguments the writer never writes
    only at their defaults."""
    sig = Signature.parse(signature)

    def read(c, ctx):
        for p in sig.params:
            if p.kind in (VAR_POSITIONAL, VAR_KEYWORD):
                continue
            name = rename.get(p.name, p.name)
            if p.name not in rename and p.name not in torch:   # PyTorch has no such argument
                if name in c.args and code(c.args[name]) != p.default:
                    raise Unsupported(f"{api}({p.name}=...) is not translated")
                c.args.pop(name, None)
                c.defaults.pop(name, None)
                continue
            if name in c.args or p.default is REQUIRED:
                continue
            if name in torch and torch[name] is REQUIRED:
                raise Unsupported(f"{api} without {p.name} (PyTorch's {name} has no default)")
            if torch.get(name, p.default) != p.default:
                c.set(name, p.default)
        return c
    return read


def derive(writer_functions, readers) -> list[Entry]:
    """Reader entries for the plain writer entries of `writer_functions` that `readers` lacks."""
    out = []
    for e in writer_functions:
        if e.kind != "function" or not _plain(e.emit):
            continue
        api = qualified(e.emit.api)
        if api in readers or api != qualified(e.api):
            continue
        found = signature_and_renames(e.emit)
        torch = _torch_defaults(e.op)
        if found is None or torch is None:
            continue
        signature, written = found
        out.append(Entry(api, e.op, signature, rename={k: v for k, v in written.items() if k != v},
                         read=reader(api, signature, written, torch)))
    return out
