"""Input specs (`float32[2,3,32,32]`, `int64[2,10]:0..50`, `(float32[2,4], float32[2,4])`) and
constructor arguments (JSON, or Python call arguments such as `10, width=16`).

Several inputs are separated by spaces, `;` or top-level commas. A tensor spec is DTYPE[DIMS]
with an optional value range :LOW..HIGH (integers: LOW <= v < HIGH; floats: uniform). Floats
without a range are standard normal; integers without one are in 0..10; bools are fair coins.
Plain literals (`3`, `None`, `True`) are passed as they are.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

import numpy as np

DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
_TOKEN = re.compile(r"\s*(?:(?P<tensor>(?P<dtype>[a-z]+\d*)\[(?P<dims>[\d\s,]*)\]"
                    r"(?::(?P<low>-?[\d.e+-]+)\.\.(?P<high>-?[\d.e+-]+))?)"
                    r"|(?P<punct>[(),;])|(?P<literal>[^\s(),;\[\]]+))")


class SpecError(ValueError):
    """An input spec or constructor argument text that cannot be read; says where."""


@dataclass(frozen=True)
class TensorSpec:
    dtype: str
    shape: tuple[int, ...]
    low: float | None = None
    high: float | None = None

    def __str__(self) -> str:
        rng = "" if self.low is None else f":{_num(self.low)}..{_num(self.high)}"
        return f"{self.dtype}[{','.join(map(str, self.shape))}]{rng}"

    def make(self, rng: np.random.Generator) -> np.ndarray:
        if self.dtype == "bool":
            return rng.random(self.shape) < 0.5
        if self.dtype.startswith(("int", "uint")):
            low, high = (0, 10) if self.low is None else (int(self.low), int(self.high))
            return rng.integers(low, high, self.shape).astype(self.dtype)
        if self.low is None:
            return rng.standard_normal(self.shape).astype(self.dtype)
        return rng.uniform(self.low, self.high, self.shape).astype(self.dtype)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def parse_inputs(text: str) -> list:
    """The list of model inputs a spec text describes (TensorSpecs, tuples of them, literals)."""
    tokens = _tokenize(text)
    items, pos = _items(tokens, 0, text)
    if pos != len(tokens):
        raise SpecError(f"unexpected {tokens[pos][1]!r} in input spec {text!r}")
    if not items:
        raise SpecError("empty input spec")
    return items


def _tokenize(text: str) -> list[tuple[str, object]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise SpecError(f"cannot read input spec at {text[pos:]!r} (expected e.g. float32[2,3])")
        pos = m.end()
        if m["tensor"]:
            out.append(("tensor", _tensor(m)))
        elif m["punct"]:
            out.append((m["punct"], m["punct"]))
        elif m["literal"]:
            out.append(("literal", _literal(m["literal"])))
    return out


def _tensor(m) -> TensorSpec:
    dtype = m["dtype"]
    if dtype not in DTYPES:
        raise SpecError(f"unknown dtype {dtype!r} in {m['tensor']!r}; one of {', '.join(DTYPES)}")
    dims = [d.strip() for d in m["dims"].split(",") if d.strip()]
    if any(not d.isdigit() for d in dims):
        raise SpecError(f"dimensions must be non-negative integers in {m['tensor']!r}")
    low = high = None
    if m["low"] is not None:
        low, high = float(m["low"]), float(m["high"])
        if not low < high:
            raise SpecError(f"empty value range {m['low']}..{m['high']} in {m['tensor']!r}")
    return TensorSpec(dtype, tuple(int(d) for d in dims), low, high)


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise SpecError(f"cannot read {text!r}: neither a tensor spec nor a Python literal") from None


def _items(tokens, pos: int, text: str, closing: str | None = None):
    items = []
    while pos < len(tokens):
        kind, value = tokens[pos]
        if kind in (",", ";"):
            pos += 1
        elif kind == ")":
            if closing is None:
                raise SpecError(f"unbalanced ')' in input spec {text!r}")
            return items, pos
        elif kind == "(":
            inner, pos = _items(tokens, pos + 1, text, ")")
            if pos >= len(tokens):
                raise SpecError(f"unclosed '(' in input spec {text!r}")
            items.append(tuple(inner))
            pos += 1
        else:
            items.append(value)
            pos += 1
    if closing is not None:
        raise SpecError(f"unclosed '(' in input spec {text!r}")
    return items, pos


def make_inputs(specs: list, rng: np.random.Generator) -> list:
    """Arrays for the specs (tuples stay tuples, literals pass through)."""
    def one(s):
        if isinstance(s, TensorSpec):
            return s.make(rng)
        if isinstance(s, tuple):
            return tuple(one(x) for x in s)
        return s
    return [one(s) for s in specs]


def format_inputs(specs: list) -> str:
    def one(s):
        if isinstance(s, tuple):
            return "(" + ", ".join(one(x) for x in s) + ")"
        return str(s) if isinstance(s, TensorSpec) else repr(s)
    return " ".join(one(s) for s in specs)


def describe(values: list) -> str:
    """The spec text of concrete inputs (what a run used), e.g. `float32[2,3] int64[2]`."""
    def one(v):
        if isinstance(v, (tuple, list)):
            return "(" + ", ".join(one(x) for x in v) + ")"
        if isinstance(v, (np.ndarray, np.generic)):
            return f"{np.asarray(v).dtype}[{','.join(map(str, np.shape(v)))}]"
        return repr(v)
    return " ".join(one(v) for v in values)


def parse_init(text: str) -> tuple[list, dict]:
    """Constructor arguments: a JSON list (positional), a JSON object (keywords), or Python call
    arguments (`10, width=16`, `[1, 2], True`) whose values are literals."""
    text = text.strip()
    if not text:
        return [], {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    else:
        if isinstance(value, list):
            return value, {}
        if isinstance(value, dict):
            return [], value
        return [value], {}
    try:
        call = ast.parse(f"f({text})", mode="eval").body
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (SyntaxError, ValueError) as e:
        raise SpecError(f"cannot read constructor arguments {text!r}: give a JSON list/object or "
                        f"Python literals such as `10, width=16` ({e})") from None
    return args, kwargs
