"""Nested values through JSON + npz: structure (tuples stay tuples), dtypes and scalars kept."""
import numpy as np

from nnport.verify import tree


def test_round_trip_through_files(tmp_path):
    value = {"out": (np.arange(6, dtype=np.float32).reshape(2, 3), [np.int64(3), None]),
             "flags": np.array([True, False]), 7: "seven", "h": (1.5, -2)}
    stem = str(tmp_path / "x")
    tree.save(stem, value)
    back = tree.load(stem)
    assert isinstance(back["out"], tuple) and isinstance(back["out"][1], list)
    np.testing.assert_array_equal(back["out"][0], value["out"][0])
    assert back["out"][0].dtype == np.float32 and back["flags"].dtype == bool
    assert back[7] == "seven" and back["h"] == (1.5, -2) and back["out"][1][1] is None


def test_leaves_and_map():
    v = (np.zeros(2), {"a": [np.ones(1), 3]})
    assert [p for p, _ in tree.leaves(v)] == ["[0]", "[1]['a'][0]", "[1]['a'][1]"]
    assert tree.map_leaves(v, lambda x: 1)[1]["a"] == [1, 1]
    assert tree.nbytes(v) == 24
