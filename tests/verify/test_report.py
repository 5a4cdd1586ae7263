"""The terminal report always shows the verdict, the tolerance and the worst errors."""
from nnport.verify.compare import Check, Tolerance
from nnport.verify.localize import LayerCheck
from nnport.verify.report import render
from nnport.verify.result import Location, VerifyResult


def _result():
    checks = [Check("eval output", "mismatch", 0.5, 0.25, 2e-5, (2, 4)),
              Check("train state bn.running_mean", "match", 0.0, 0.0, 1e-5, (4,))]
    checks += [Check(f"train grad l{i}.weight", "mismatch", 1.0, 1.0, 1e-5, (3,)) for i in range(12)]
    layers = {"eval": [LayerCheck("", "Net", "Net", "mismatch", 0.5, 0.25).to_dict(),
                       LayerCheck("bn", "BatchNorm2d", "BatchNorm", "mismatch", 0.5, 0.3, layout="as is").to_dict(),
                       LayerCheck("fc", "Linear", "Linear", "match", 0.0, 0.0).to_dict()]}
    loc = Location("bn", "BatchNorm2d", "eval layer outputs", 0.5, 0.3, source_line=7,
                   source_text="self.bn = nn.BatchNorm2d(4)", target_line=40, target_text="self.bn = BatchNorm(4)")
    return VerifyResult("not equivalent", Tolerance(), {"file": "a.py", "class": "Net", "framework": "torch",
                                                          "init": "() from defaults", "inputs": "float32[2,4]"},
                        {"file": "b.py", "class": "Net", "framework": "flax"}, checks, layers, loc)


def test_report_shows_verdict_errors_layers_and_lines():
    text = render(_result())
    assert "verdict: NOT EQUIVALENT (max abs 1.0e+00, max rel 1.0e+00; 14 arrays compared; tolerance " in text
    assert "> bn" in text and "  fc" in text and "differs first at bn (BatchNorm2d), found by eval layer outputs" in text
    assert "source line 7: self.bn = nn.BatchNorm2d(4)" in text and "target line 40: self.bn = BatchNorm(4)" in text
    assert "train grad: 0 of 12 match (max rel 1.0e+00); 4 more mismatches not listed" in text
    assert "train state: 1 of 1 match" in text


def test_error_report_says_why():
    r = VerifyResult("error", Tolerance(), error="source side timed out after 5 s (--timeout)")
    text = render(r)
    assert "verdict: ERROR (max abs -, max rel -; 0 arrays compared; tolerance" in text
    assert "could not verify: source side timed out after 5 s" in text
