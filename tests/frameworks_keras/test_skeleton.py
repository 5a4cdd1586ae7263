"""keras/skeleton.py containers, numerically against PyTorch."""
from harness import body_case, check_target, randn


def test_empty_sequential_is_the_identity():
    code = body_case("return self.shortcut(x) + self.body(x)",
                     init="self.shortcut = nn.Sequential()\n                self.body = nn.Sequential(nn.Linear(4, 4))")
    check_target(code, inputs=[randn(3, 4)], to="keras")
