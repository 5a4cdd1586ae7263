"""Verdicts and exit codes: equivalent needs a compared value; nothing compared is an error."""
from nnport.verify.compare import ERROR, MATCH, MISMATCH, NOT_COMPARABLE, Check, Tolerance
from nnport.verify.result import EXIT_CODES, VerifyResult, decide


def test_exit_codes():
    assert EXIT_CODES == {"equivalent": 0, "not equivalent": 1, "error": 2}


def test_decide():
    ok, bad = Check("o", MATCH, 0.0, 0.0), Check("o", MISMATCH, 1.0, 1.0)
    assert decide([ok], None) == ("equivalent", None)
    assert decide([ok, bad], None)[0] == "not equivalent"
    assert decide([ok, Check("o", ERROR, message="raised")], None)[0] == "not equivalent"
    assert decide([ok], "source side failed") == ("error", "source side failed")


def test_nothing_compared_is_an_error():
    verdict, why = decide([Check("o", NOT_COMPARABLE)], None)
    assert verdict == "error" and "nothing was compared" in why and "not comparable" in why
    assert decide([], None)[0] == "error"


def test_result_reports_worst_errors():
    r = VerifyResult("equivalent", Tolerance(), checks=[Check("a", MATCH, 1e-7, 1e-6), Check("b", MATCH, 2e-7, 1e-8),
                                                         Check("c", NOT_COMPARABLE)])
    assert r.max_abs == 2e-7 and r.max_rel == 1e-6 and len(r.compared) == 2 and r.exit_code == 0
    assert r.to_dict()["compared"] == 2
