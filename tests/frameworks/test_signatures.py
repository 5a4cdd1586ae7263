"""The tables against the real APIs: every entry's `signature` vs `inspect.signature` of what it names.

Each entry is one test (id `<framework>:<api>`), so each mismatch shows as its own failure. An entry is
- checked fully: parameter names, kinds and defaults compared with `inspect.signature`;
- names checked against ATen schemas: a C builtin without inspectable signature (`torch.sum`,
  `Tensor.view`): every keyword the table names must be an argument of one of the op's ATen overloads
  (the schemas are what PyTorch's argument parser binds; docstrings are not reliable);
- existence-only: the API exists but neither has (attributes such as `torch.float32`), or a Flax or Keras
  target entry written with the placeholder signature "*args, **kwargs" (its emitter is what counts,
  tested numerically elsewhere);
- a support helper: a Flax or Keras target naming a definition of nnport/frameworks/<fw>/support/*.py;
  a Keras one that states a signature is checked fully against that definition;
- a label: an undotted target name ("add", "neg") for an emitter that writes an expression; a Keras
  label that states a signature (the arguments of the layer its emitter builds, e.g. `group_norm` ->
  layers.GroupNormalization) must state exactly the signature of a dotted entry of its table, which is
  checked itself.
An API that does not exist fails. Defaults that are not literals (`jnp.float32`, `default_kernel_init`)
are compared by evaluating the table's text in the API's module namespace; text that does not evaluate
there is counted as skipped, not failed.
"""
from __future__ import annotations

import ast
import collections
import importlib
import inspect
import keyword
from pathlib import Path

import pytest

from api_objects import ALIASES, MISSING as _MISSING, resolve
from nnport import frameworks
from nnport.frameworks.torch.helper_classes import reader_apis
from nnport.pivot.signature import (KEYWORD_ONLY, POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_KEYWORD,
                                    VAR_POSITIONAL, Signature)

PLACEHOLDER = "*args, **kwargs"
TARGETS = ("flax", "keras")   # target-only frameworks: placeholders, support helpers and labels
KINDS = {inspect.Parameter.POSITIONAL_ONLY: POSITIONAL_ONLY,
         inspect.Parameter.POSITIONAL_OR_KEYWORD: POSITIONAL_OR_KEYWORD,
         inspect.Parameter.VAR_POSITIONAL: VAR_POSITIONAL,
         inspect.Parameter.KEYWORD_ONLY: KEYWORD_ONLY,
         inspect.Parameter.VAR_KEYWORD: VAR_KEYWORD}
TALLY: collections.Counter = collections.Counter()   # outcome -> number of entries
SKIPPED_DEFAULTS: list[str] = []                      # non-literal defaults not compared


def _entries():
    out = []
    for fw in ("torch", *TARGETS):
        f = frameworks.get(fw)
        for table in (f.layers, f.functions):
            for e in table:
                out.append(pytest.param(fw, e, id=f"{fw}:{e.kind}:{e.api}"))
    return out


def support_names(fw: str = "flax") -> dict[str, str]:
    """Definitions of nnport/frameworks/<fw>/support/*.py: name -> the module that defines it."""
    support = importlib.import_module(f"nnport.frameworks.{fw}.support")
    names = {}
    for f in sorted(Path(support.__file__).parent.glob("*.py")):
        for node in ast.parse(f.read_text()).body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                names.setdefault(node.name, f"{support.__name__}.{f.stem}")
    return names


def check_undotted(fw: str, entry) -> str:
    """A target's undotted entry: a support helper or a label (see the module docstring); the tally key."""
    helpers = support_names(fw)
    if entry.api in helpers:
        if fw == "keras" and entry.signature != PLACEHOLDER:
            obj = getattr(importlib.import_module(helpers[entry.api]), entry.api)
            real, fn = real_signature(obj)
            problems = compare(entry, real, fn)
            assert not problems, f"{fw} helper {entry.api} ({entry.signature}):\n" + "\n".join(problems)
            return "support helper checked fully"
        return "support helper"
    if entry.signature == PLACEHOLDER:
        return "label"
    f = frameworks.get(fw)
    assert fw in ("keras", "mxnet"), f"{entry.api!r} is not an API but its entry states a signature"
    same = [e.api for e in (*f.layers, *f.functions) if "." in e.api and e.signature == entry.signature]
    assert same, f"label {entry.api!r} states a signature that no API entry of the {fw} tables has"
    return "label with an API entry's signature"


def real_signature(obj):
    """inspect.signature of a function, or of a class's __init__; None when it has none."""
    try:
        if inspect.isclass(obj):
            return inspect.signature(obj.__init__), obj.__init__
        return inspect.signature(_undispatched(obj)), _undispatched(obj)
    except (ValueError, TypeError):
        return None, None


def _only_varargs(sig) -> bool:
    kinds = [p.kind for p in sig.parameters.values() if p.name != "self"]
    return kinds == [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]


def _undispatched(fn):
    """torch's boolean_dispatch wrappers (F.max_pool2d...) take *args, **kwargs and call one of two
    functions with the same public signature: read `if_false`'s."""
    code = getattr(fn, "__code__", None)
    if code is not None and "if_false" in code.co_freevars and fn.__closure__:
        return fn.__closure__[code.co_freevars.index("if_false")].cell_contents
    return fn


def aten_names(name: str) -> set[str] | None:
    """Argument names of the overloads of `aten::<name>` (the names PyTorch's Python binding
    accepts as keywords; `self` is spelled `input` for functions). Factory overloads (those taking
    `dtype`) also accept `requires_grad` and `pin_memory` in Python. None when there is no such op."""
    import torch
    out = None
    for n in dict.fromkeys((name, name.rstrip("_"), f"linalg_{name}")):
        for s in torch._C._jit_get_schemas_for_operator(f"aten::{n}"):
            names = {a.name for a in s.arguments}
            if "dtype" in names:
                names |= {"requires_grad", "pin_memory"}
            out = (out or set()) | names
    return out


def documented_names(obj) -> set[str]:
    """Parameter names of the signature on the first line of a builtin's docstring. Only asked where the
    ATen op takes nothing but `self` (`Tensor.cuda`, `Tensor.cpu`): the Python binding parses the rest."""
    line = (getattr(obj, "__doc__", None) or "").strip().split("\n", 1)[0]
    if "(" not in line or ")" not in line:
        return set()
    try:
        args = ast.parse(f"def f({line[line.index('(') + 1:line.rindex(')')]}): pass").body[0].args
    except SyntaxError:
        return set()
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}


def _drop_self(params: list) -> list:
    return params[1:] if params and params[0][0] == "self" else params


def _namespace(fn) -> dict:
    ns = {}
    mod = inspect.getmodule(fn)
    if mod is not None:
        ns.update(vars(mod))
    ns.update(getattr(fn, "__globals__", {}))
    for k, v in ALIASES.items():
        ns.setdefault(k, importlib.import_module(v))
    return ns


def same_default(text: str, real, fn, where: str) -> bool | None:
    """True/False when comparable; None when the table's text is not a literal and does not evaluate."""
    try:
        mine = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        try:
            mine = eval(text, _namespace(fn))  # noqa: S307 - our own table text
        except Exception:  # noqa: BLE001
            SKIPPED_DEFAULTS.append(f"{where}={text}")
            return None
        return mine is real or _eq(mine, real)
    if isinstance(mine, bool) or isinstance(real, bool):
        return type(mine) is type(real) and mine == real
    return _eq(mine, real) and (type(mine) is type(real) or
                                 isinstance(mine, (int, float)) and isinstance(real, (int, float)))


def _eq(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - arrays, odd objects
        return False


def compare(entry, real_sig, fn) -> list[str]:
    mine = _drop_self([(p.name, p.kind, p.default) for p in Signature.parse(entry.signature).params])
    real = _drop_self([(p.name, KINDS[p.kind], p.default) for p in real_sig.parameters.values()])
    problems = []
    if [(n, k) for n, k, _ in mine] != [(n, k) for n, k, _ in real]:
        fmt = lambda ps: ", ".join(f"{n}:{k}" for n, k, _ in ps)  # noqa: E731
        problems.append(f"parameters differ:\n  table: {fmt(mine)}\n  real:  {fmt(real)}")
        return problems
    for (name, _, d), (_, _, rd) in zip(mine, real):
        if rd is inspect.Parameter.empty:
            if d is not None:
                problems.append(f"{name}: table default {d!r}, real has none")
        elif d is None:
            problems.append(f"{name}: table has no default, real default {rd!r}")
        elif same_default(d, rd, fn, f"{entry.api}({name})") is False:
            problems.append(f"{name}: table default {d}, real default {rd!r}")
    return problems


@pytest.mark.parametrize("fw, entry", _entries())
def test_signature(fw, entry):
    if fw in TARGETS and "." not in entry.api:   # not resolved: `chunk`, `int` would name Python's
        TALLY[check_undotted(fw, entry)] += 1
        return
    # a helper class of translations into PyTorch: read as its table layer, with that one's signature
    api = entry.api.split(" (")[0]   # "API (variant)": a second entry of one API (ExponentialDecay per step)
    obj = resolve(reader_apis().get(api, api) if fw == "torch" else api)
    if obj is _MISSING:
        pytest.fail(f"{fw} entry {entry.api!r}: no such API")
    if entry.kind == "attribute" or (fw in TARGETS and entry.signature == PLACEHOLDER):
        TALLY["existence-only"] += 1
        return
    real, fn = real_signature(obj)
    if real is None:
        names = aten_names(entry.api.rsplit(".", 1)[1]) if fw == "torch" else None
        if names is None:
            TALLY["existence-only"] += 1
            return
        if names <= {"self"}:
            names = names | documented_names(obj)
        # a PyTorch name that is a Python keyword (`Tensor.uniform_(from=0)`) is written `from_`
        unknown = [p.name for p in Signature.parse(entry.signature).params
                   if p.kind != VAR_POSITIONAL and p.name not in names | {"self", "input", "out"}
                   and not (keyword.iskeyword(p.name[:-1]) and p.name[:-1] in names)
                   and not (p.name == "x" and "self" in names)]
        assert not unknown, (f"{fw} entry {entry.api} ({entry.signature}): parameters {unknown} are "
                             f"not arguments of any ATen overload (names: {sorted(names)})")
        TALLY["names checked against ATen schemas"] += 1
        return
    if _only_varargs(real) and inspect.isclass(obj) and \
            [p.kind for p in Signature.parse(entry.signature).params] != [VAR_POSITIONAL, VAR_KEYWORD]:
        # nn.LSTM.__init__(self, *args, **kwargs) forwards to RNNBase: check names against the base
        base = next((c.__init__ for c in obj.__mro__[1:] if "__init__" in vars(c)
                     and not _only_varargs(inspect.signature(c.__init__))), None)
        assert base is not None, f"{entry.api}: no base class states the signature"
        names = set(inspect.signature(base).parameters)
        doc = obj.__doc__ or ""   # arguments the class pops from **kwargs are documented ("name:")
        unknown = [p.name for p in Signature.parse(entry.signature).params
                   if p.name not in names and f"{p.name}:" not in doc]
        assert not unknown, f"{fw} entry {entry.api}: {unknown} are not parameters of " \
                            f"{base.__qualname__} nor documented by {obj.__name__}"
        TALLY["names checked against the base class"] += 1
        return
    problems = compare(entry, real, fn)
    assert not problems, f"{fw} entry {entry.api} ({entry.signature}):\n" + "\n".join(problems)
    TALLY["checked fully"] += 1


def test_summary(capsys):
    """How much of the tables the signature check covers (runs after the entries in a plain run)."""
    n = sum(len(frameworks.get(f).layers) + len(frameworks.get(f).functions) for f in ("torch", *TARGETS))
    assert n > 0
    with capsys.disabled():
        print(f"\nsignature check: {n} entries; in this process: {dict(TALLY)}; "
              f"{len(SKIPPED_DEFAULTS)} non-literal defaults not compared")


def test_checker_catches_mismatches():
    """The checker itself: a wrong default, a renamed parameter and a missing API are reported."""
    import torch
    from nnport.frameworks.spec import Entry
    real, fn = real_signature(torch.nn.Linear)
    assert compare(Entry("torch.nn.Linear", "linear", "in_features, out_features, bias=True, device=None,"
                         " dtype=None"), real, fn) == []
    assert compare(Entry("torch.nn.Linear", "linear", "in_features, out_features, bias=False, device=None,"
                         " dtype=None"), real, fn)
    assert compare(Entry("torch.nn.Linear", "linear", "in_features, out_features, use_bias=True,"
                         " device=None, dtype=None"), real, fn)
    assert compare(Entry("torch.nn.Linear", "linear", "in_features, out_features, bias=1, device=None,"
                         " dtype=None"), real, fn)   # bool vs int
    assert resolve("torch.nn.NoSuchLayer") is _MISSING
    assert resolve("Tensor.no_such_method") is _MISSING
    from flax import nnx
    real, fn = real_signature(nnx.Linear)
    from nnport.frameworks.flax.layers.basic import LINEAR_SIG
    assert compare(Entry("flax.nnx.Linear", "linear", LINEAR_SIG), real, fn) == []
    assert compare(Entry("flax.nnx.Linear", "linear", LINEAR_SIG.replace("param_dtype=jnp.float32",
                                                                         "param_dtype=jnp.float16")),
                   real, fn)

    import keras
    from nnport.frameworks.keras.layers.basic import DENSE_SIG
    real, fn = real_signature(keras.layers.Dense)
    assert compare(Entry("keras.layers.Dense", "linear", DENSE_SIG), real, fn) == []
    assert compare(Entry("keras.layers.Dense", "linear", DENSE_SIG.replace("use_bias=True", "use_bias=False")),
                   real, fn)
    with pytest.raises(AssertionError, match="no API entry"):   # a Keras label stating its own signature
        check_undotted("keras", Entry("no_such_label", "relu", "self, units, **kwargs"))
    with pytest.raises(AssertionError, match="parameters differ"):   # a support helper checked fully
        check_undotted("keras", Entry("BatchNorm", "batch_norm", "self, axis=1, **kwargs"))
