"""The step writer on its own (reading/write.py), as a walker other than the graph's uses it:
modules in __init__, calls in forward, permutes only where the axis order changes."""
from nnport.frameworks.keras.reading import ReadCtx, read_layer
from nnport.frameworks.keras.reading.write import ClassWriter, Value, fill


def _conv_config(**kw):
    return {"filters": 8, "kernel_size": (3, 3), "strides": (1, 1), "padding": "same", "data_format": None,
            "dilation_rate": (1, 1), "groups": 1, "activation": "relu", "use_bias": True, **kw}


def test_a_reader_and_the_writer_without_a_graph():
    ctx = ReadCtx(name="conv", api="keras.layers.Conv2D")
    steps = read_layer("keras.layers.Conv2D", _conv_config(), [(None, 16, 16, 3)], ctx)
    w = ClassWriter("Block")
    (out,) = w.steps(steps, [Value("x", None, 4)], "conv", [4], ctx)
    assert w.init == ["self.conv = nn.Conv2d(3, 8, 3, padding=1)"]
    assert w.forward == ["x_cf = x.permute(0, 3, 1, 2)", "conv = self.conv(x_cf)", "conv = F.relu(conv)"]
    assert out.perm == (0, 3, 1, 2) and ctx.diagnostics == []
    # a second channels-first layer reads `conv` as it is; going back to Keras' order is one permute
    steps = read_layer("keras.layers.Conv2D", _conv_config(activation=None), [(None, 16, 16, 8)], ctx)
    (out2,) = w.steps(steps, [out], "conv2", [4], ctx)
    assert w.forward[-1] == "conv2 = self.conv2(conv)"
    assert w.as_perm(out2, None) == "conv2_cl" and w.forward[-1] == "conv2_cl = conv2.permute(0, 2, 3, 1)"
    assert w.as_perm(out2, None) == "conv2_cl"   # once


def test_shared_module_is_built_once():
    ctx = ReadCtx(name="dense", api="keras.layers.Dense")
    w = ClassWriter("M")
    cfg = {"units": 4, "activation": None, "use_bias": True}
    for x in ("a", "b"):
        w.steps(read_layer("keras.layers.Dense", cfg, [(None, 3)], ctx), [Value(x, None, 2)], "dense", [2], ctx)
    assert w.init == ["self.dense = nn.Linear(3, 4)"]
    assert w.forward == ["dense = self.dense(a)", "dense_2 = self.dense(b)"]


def test_fill_replaces_placeholders_only():
    assert fill("_0 + x_0 + _1 * _[0]", {"_0": "a", "_1": "b", "_": "r"}) == "a + x_0 + b * r[0]"
