"""Input specs and constructor arguments: parsing, errors that say where, made-up inputs."""
import numpy as np
import pytest

from nnport.verify.specs import SpecError, TensorSpec, describe, format_inputs, make_inputs, parse_init, parse_inputs


@pytest.mark.parametrize("text, want", [
    ("float32[2,3,32,32]", [TensorSpec("float32", (2, 3, 32, 32))]),
    ("int64[2,10]:0..50", [TensorSpec("int64", (2, 10), 0, 50)]),
    ("float32[2,4] int64[2]:0..5", [TensorSpec("float32", (2, 4)), TensorSpec("int64", (2,), 0, 5)]),
    ("float32[2,4]; bool[2,3]", [TensorSpec("float32", (2, 4)), TensorSpec("bool", (2, 3))]),
    ("float32[2,4], float32[3]", [TensorSpec("float32", (2, 4)), TensorSpec("float32", (3,))]),
    ("float32[2,8] (float32[1,2,4], float32[1,2,4])",
     [TensorSpec("float32", (2, 8)), (TensorSpec("float32", (1, 2, 4)), TensorSpec("float32", (1, 2, 4)))]),
    ("float32[] 3 None", [TensorSpec("float32", ()), 3, None]),
    ("float32[2,2]:-1..1", [TensorSpec("float32", (2, 2), -1, 1)]),
])
def test_parse_inputs(text, want):
    assert parse_inputs(text) == want
    assert parse_inputs(format_inputs(want)) == want


@pytest.mark.parametrize("text, msg", [
    ("", "empty"), ("float33[2]", "unknown dtype"), ("float32[2,x]", "cannot read"),
    ("int64[2]:5..1", "empty value range"), ("(float32[2]", "unclosed"), ("float32[2])", "unbalanced"),
    ("hello", "neither a tensor spec"),
])
def test_bad_specs_say_why(text, msg):
    with pytest.raises(SpecError, match=msg):
        parse_inputs(text)


def test_make_inputs_respects_dtype_and_range():
    rng = np.random.default_rng(0)
    x, (a, b), flag, n = make_inputs(parse_inputs("int64[4,50]:3..7 (float32[2], float32[2]:0..1) bool[3] 5"), rng)
    assert x.dtype == np.int64 and x.min() >= 3 and x.max() < 7
    assert a.dtype == np.float32 and 0 <= b.min() and b.max() < 1
    assert flag.dtype == bool and n == 5
    assert describe([x, (a, b), n]) == "int64[4,50] (float32[2], float32[2]) 5"


@pytest.mark.parametrize("text, want", [
    ("[10, 16]", ([10, 16], {})), ('{"width": 8}', ([], {"width": 8})), ("10, width=16", ([10], {"width": 16})),
    ("(2, 3), True", ([(2, 3), True], {})), ("", ([], {})), ("4", ([4], {})), ("[1, 2], 'relu'", ([[1, 2], "relu"], {})),
])
def test_parse_init(text, want):
    assert parse_init(text) == want


def test_parse_init_rejects_non_literals():
    with pytest.raises(SpecError, match="constructor arguments"):
        parse_init("nn.ReLU()")
