"""Leaf comparison: the relative-to-scale rule, structure/shape/dtype kind, NaNs, randomness."""
import numpy as np

from nnport.verify.compare import MATCH, MISMATCH, NOT_COMPARABLE, Tolerance, changed_leaves, compare_arrays, compare_trees

TOL = Tolerance()


def test_relative_to_output_scale():
    a = np.full((3,), 100.0, np.float32)
    assert compare_arrays("x", a, a + 5e-4, TOL).status == MATCH          # 5e-4 <= 1e-5 * 100
    c = compare_arrays("x", a, a + 2e-3, TOL)
    assert c.status == MISMATCH and abs(c.max_rel - 2e-5) < 1e-7 and abs(c.limit - 1e-3) < 1e-9
    tiny = np.full((3,), 1e-6, np.float32)                                # scale floor 1e-3
    assert compare_arrays("x", tiny, tiny + 5e-9, TOL).status == MATCH
    assert compare_arrays("x", a, a + 0.5, Tolerance(atol=1.0)).status == MATCH


def test_shape_dtype_kind_and_integers():
    a = np.zeros((2, 3), np.float32)
    assert "shape" in compare_arrays("x", a, a.T, TOL).message
    assert "dtype" in compare_arrays("x", a, a.astype(np.int32), TOL).message
    i = np.arange(4)
    assert compare_arrays("x", i, i.astype(np.int32), TOL).status == MATCH     # int64 vs int32: same kind
    assert compare_arrays("x", i, i + np.array([0, 0, 1, 0]), TOL).message == "1 of 4 values differ"


def test_nan_and_inf_must_sit_at_the_same_places():
    a = np.array([1.0, np.nan, np.inf])
    assert compare_arrays("x", a, a.copy(), TOL).status == MATCH
    assert compare_arrays("x", a, np.array([1.0, 0.0, np.inf]), TOL).status == MISMATCH


def test_trees_structure_and_skipped_leaves():
    ref = (np.ones(2), (np.ones(3), 4))
    checks = compare_trees("out", ref, [np.ones(2), [np.ones(3), 4]], TOL, skip={"[1][0]"})
    assert [(c.name, c.status) for c in checks] == [("out[0]", MATCH), ("out[1][0]", NOT_COMPARABLE),
                                                   ("out[1][1]", MATCH)]
    bad = compare_trees("out", ref, (np.ones(2),), TOL)
    assert len(bad) == 1 and bad[0].status == MISMATCH and "structure" in bad[0].message


def test_changed_leaves():
    assert changed_leaves((np.ones(2), np.zeros(1)), (np.ones(2), np.ones(1))) == {"[1]"}
    assert changed_leaves(np.arange(3), np.arange(3)) == set()
