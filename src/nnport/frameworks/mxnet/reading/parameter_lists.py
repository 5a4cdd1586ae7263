"""The Gluon writer's parameter lists read back (prepare.py): PyTorch's nn.ParameterList is written
`self.gates = parameter_list(self, "gates", values)` (support/containers.py: numbered parameters
gates0, gates1... that hybrid_forward receives as keywords, `params[f"gates{i}"]`). A copy of that
helper is read as the container it stands for, `mxnet.gluon.nnport_helper.ParameterList([Parameter(v)
...])` (source_skeleton.CONTAINER_CLASSES: "param_list"), and `params[f"gates{i}"]` as `self.gates[i]`."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

HELPER = "parameter_list"
CONTAINER = "mxnet.gluon.nnport_helper.ParameterList"
_PARAMETER = "mxnet.gluon.Parameter"


def list_attrs(cls: cst.ClassDef) -> set[str]:
    """Attributes the class assigns `parameter_list(self, "<the attribute>", values)` to."""
    out = set()
    for node in m.findall(cls, m.Assign(targets=[m.AssignTarget(m.Attribute(m.Name("self"), m.Name()))],
                                        value=m.Call(func=m.Name(HELPER)))):
        attr = node.targets[0].target.attr.value
        if _values(node.value, attr) is not None:
            out.add(attr)
    return out


def _values(call: cst.Call, attr: str):
    args = call.args
    if len(args) != 3 or any(a.keyword or a.star for a in args) or not m.matches(args[0].value, m.Name("self")) \
            or not (isinstance(args[1].value, cst.SimpleString) and args[1].value.evaluated_value == attr):
        return None   # grad_req= given, or another name: left as it is (a diagnostic)
    return args[2].value


def container(call: cst.Call, attr: str) -> cst.Call | None:
    """parameter_list(self, "gates", values) -> ParameterList([Parameter(v) for each value])."""
    values = _values(call, attr)
    if values is None:
        return None
    wrap = lambda v: cst.Call(cst.parse_expression(_PARAMETER), [cst.Arg(v)])  # noqa: E731
    if isinstance(values, cst.ListComp):
        values = values.with_changes(elt=wrap(values.elt))
    elif isinstance(values, cst.List):
        values = values.with_changes(elements=[e.with_changes(value=wrap(e.value)) for e in values.elements])
    else:
        values = cst.ListComp(wrap(cst.Name("v")), cst.CompFor(cst.Name("v"), values))
    return cst.Call(cst.parse_expression(CONTAINER), [cst.Arg(values)])


def element(key: cst.BaseExpression, attrs: set[str]) -> cst.BaseExpression | None:
    """A hybrid_forward keyword's key `f"gates{i}"` / `"gates0"` of a list in `attrs`: `self.gates[i]`."""
    index = None
    if isinstance(key, cst.FormattedString) and len(key.parts) == 2 and \
            isinstance(key.parts[0], cst.FormattedStringText) and isinstance(key.parts[1], cst.FormattedStringExpression):
        name, index = key.parts[0].value, key.parts[1].expression
    elif isinstance(key, cst.SimpleString):
        text = key.evaluated_value
        name = text.rstrip("0123456789")
        index = cst.Integer(text[len(name):]) if name != text else None
    if index is None or name not in attrs:
        return None
    return cst.Subscript(cst.Attribute(cst.Name("self"), cst.Name(name)), [cst.SubscriptElement(cst.Index(index))])
