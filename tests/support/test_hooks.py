"""nnport.support.hooks: what a writer or reader hook writes and refuses, read from its code."""
from __future__ import annotations

from nnport import frameworks
from nnport.frameworks.operator_functions import template
from nnport.frameworks.spec import Unsupported, code
from nnport.support import hooks
from nnport.translate.emit import call

MODES = ("zeros", "reflect")


def _writer(c, ctx):
    if c.lit("mode") not in MODES:
        raise Unsupported(f"mode={code(c.get('mode'))}: one of {MODES}")
    if c.given("out"):
        raise Unsupported(f"{c.extra['api']}: out= is not supported")
    if c.lit("value") is None:
        raise Unsupported("value=None " + "is refused")
    return call("keras.layers.Thing", "{input}")(c, ctx)


def test_refusals_calls_and_holes():
    facts = hooks.of_writer(_writer)
    assert facts.refusals == ["mode=<mode>: one of zeros, reflect", "<api>: out= is not supported",
                              "value=None is refused"]
    assert facts.calls == ["keras.layers.Thing"]


def test_emit_objects_and_closures():
    assert hooks.of_writer(call("nnx.Linear", "{in_features}")).calls == ["nnx.Linear"]
    assert hooks.of_writer(template("-{input}")).templates == ["-{input}"]   # `text` of the closure
    assert hooks.of_writer(None) == hooks.Facts()


def test_followed_into_nnport_functions_and_bound_methods():
    flatten = frameworks.get("mxnet").layers.get("mxnet.gluon.nn.Flatten")   # lambda -> _flatten_layer
    assert "nn.Flatten()" in hooks.of_writer(flatten.emit).templates
    from nnport.frameworks.keras.layers.activation import Act
    assert hooks.of_function(Act("ops.relu6").function).calls == ["ops.relu6"]   # self.api resolved


def test_torch_writers_name_their_api():
    torch = frameworks.get("torch")
    assert hooks.of_writer(torch.functions.get("Tensor.size").emit).calls[0] == ".size"
