"""keras/skeleton.py containers, numerically against PyTorch."""
from harness import body_case, check_target, randn


def test_empty_sequential_is_the_identity():
    code = body_case("return self.shortcut(x) + self.body(x)",
                     init="self.shortcut = nn.Sequential()\n                self.body = nn.Sequential(nn.Linear(4, 4))")
    check_target(code, inputs=[randn(3, 4)], to="keras")


def test_parameter_list_and_dict_weights():
    code = body_case("return x * self.scales[1] + self.shifts['b']",
                     init="self.scales = nn.ParameterList([nn.Parameter(torch.randn(1, 4)) for _ in range(2)])\n"
                          "                self.shifts = nn.ParameterDict({'a': nn.Parameter(torch.randn(1, 4)),"
                          " 'b': nn.Parameter(torch.randn(1, 4))})")
    check_target(code, inputs=[randn(3, 4)], to="keras")
