"""mxnet/reading/parameter_lists.py: `parameter_list(self, "ws", values)` as PyTorch's ParameterList and
hybrid_forward's `params[f"ws{i}"]` as `self.ws[i]`; pure LibCST (the numeric check:
tests/gluon/test_read_back_rules.py)."""
import libcst as cst
import pytest

from nnport.frameworks.mxnet.reading.parameter_lists import container, element, list_attrs

CODE = cst.Module([])


def test_the_list_and_its_container():
    cls = cst.parse_module('class M:\n    def __init__(self):\n        self.ws = parameter_list(self, "ws", [a, b])\n'
                           '        self.vs = parameter_list(self, "other", [a])\n').body[0]
    assert list_attrs(cls) == {"ws"}
    call = cst.parse_expression('parameter_list(self, "ws", [z for _ in range(3)])')
    assert CODE.code_for_node(container(call, "ws")) == \
        "mxnet.gluon.nnport_helper.ParameterList([mxnet.gluon.Parameter(z) for _ in range(3)])"
    assert container(cst.parse_expression('parameter_list(self, "ws", v, grad_req="null")'), "ws") is None


@pytest.mark.parametrize("key, want", [('f"ws{i}"', "self.ws[i]"), ('"ws12"', "self.ws[12]"), ('"vs0"', None),
                                       ('"ws"', None)])
def test_elements(key, want):
    out = element(cst.parse_expression(key), {"ws"})
    assert (CODE.code_for_node(out) if out is not None else None) == want
