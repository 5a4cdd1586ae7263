"""The three fuzz properties, shared by the suite (tests/fuzz/test_*.py) and the campaign
(benchmarks/fuzz_campaign.py). Each returns normally or raises AssertionError / the translator's own
unexpected exception (a crash), so hypothesis can shrink the input that broke it.

  a. never crash: convert() returns, or raises one of nnport's typed errors (nnport.errors);
  b. valid input gives valid output: for input CPython parses, no syntax error is reported and
     `ast.parse(conv.code)` succeeds;
  c. code without DL APIs comes back byte for byte, with no diagnostic beyond DOCUMENTED ones.

Conversions run with NNPORT_RECORD_SHAPES=0: generated code is never executed (the readers would
otherwise run a file following the Model/get_init_inputs/get_inputs convention to record sizes)."""
from __future__ import annotations

import ast
import contextlib
import os

import nnport
from nnport.errors import NnportError, SourceSyntaxError

# what DL-free input may be told: nothing to translate, or that sizes are not recorded (the readers
# say so up front, before they know whether the file has a model)
DOCUMENTED = ("no deep-learning framework imported; nothing to translate",
              "NNPORT_RECORD_SHAPES=0: ")


@contextlib.contextmanager
def not_run():
    old = os.environ.get("NNPORT_RECORD_SHAPES")
    os.environ["NNPORT_RECORD_SHAPES"] = "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["NNPORT_RECORD_SHAPES"]
        else:
            os.environ["NNPORT_RECORD_SHAPES"] = old


def is_valid(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def convert(code: str, source: str | None, target: str):
    """Property a: the Conversion, or None where nnport refused with a typed error. Anything else
    propagates (a crash). Same source and target: the round trip through the pivot."""
    with not_run():
        try:
            return nnport.convert(code, to=target, source=source, filename="fuzz.py",
                                  via_pivot=source == target)
        except NnportError as e:
            if isinstance(e, SourceSyntaxError) and is_valid(code):   # property b: valid input
                raise AssertionError(f"valid input reported as a syntax error: {e}") from None
            return None


def check_output(code: str, source: str | None, target: str) -> bool:
    """Properties a and b: returns whether the input was valid (b then held)."""
    conv = convert(code, source, target)
    if not is_valid(code):
        return False
    if conv is not None:
        try:
            ast.parse(conv.code)
        except SyntaxError as e:
            raise AssertionError(f"invalid output from valid input ({source} -> {target}): {e.msg} "
                                 f"at line {e.lineno}: {(e.text or '').strip()!r}") from None
    return True


def check_unchanged(code: str, source: str | None, target: str) -> None:
    """Property c (with a and b): DL-free `code`, read as `source` (None: detected), is returned as it
    is, with only DOCUMENTED diagnostics."""
    conv = convert(code, source, target)
    assert conv is not None, f"DL-free input refused ({source} -> {target})"
    if conv.code != code:
        import difflib
        diff = "".join(list(difflib.unified_diff(code.splitlines(True), conv.code.splitlines(True), n=0))[2:12])
        raise AssertionError(f"DL-free input changed ({source} -> {target}):\n{diff}")
    extra = [d for d in conv.diagnostics if not d.message.startswith(DOCUMENTED)]
    assert not extra, f"DL-free input got diagnostics ({source} -> {target}): " + \
        "; ".join(f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in extra[:3])
