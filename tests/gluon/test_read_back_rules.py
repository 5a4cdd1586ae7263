"""Gluon -> PyTorch of what the Gluon writer writes (round trips PyTorch -> Gluon -> PyTorch): its
index_update read as an index assignment (reading/assignments.py), a shape bound to a name read as
sizes (reading/shape_names.py), split_v2, typed creation, the `where` helper's float condition, a
helper's name as an attribute; each run by real Gluon 1.9.1 and by the PyTorch translation on the
same weights and inputs (runs in .venv-mxnet)."""
from __future__ import annotations

import nnport
from corpus.gluon_to_torch import TOL, run_code
from test_support_calls import HEAD, definitions

INPUTS = '''

def get_init_inputs():
    return []


def get_inputs():
    x = np.random.randn(2, 6, 4).astype(np.float32)
    mask = nd.array(np.random.rand(2, 6)) > 0.3
    mask = index_update(mask, (slice(None, None, None), 0), True, 'set')
    return [x, mask.asnumpy()]
'''


def _model(init: str, body: str, block: str = "gluon.Block") -> str:
    return f'''class Model({block}):
    def __init__(self):
        super().__init__()
{init}

    def forward(self, x, mask):
{body}
'''


def test_index_update_is_an_index_assignment():
    init = """        t = nd.ones((6, 4))
        t = index_update(t, (slice(None, None, None), slice(1, 3, None)), 0.5, 'set')
        t = index_update(t, (0, slice(2, None, None)), 2.0, 'add')
        t = index_update(t, (slice(None, 2, None),), 3.0, 'multiply')
        self.offset = self.params.get_constant("offset", t)"""
    code = HEAD + definitions("indexing", "index_update") + _model(init, "        return x + self.offset.data()") + INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    for line in ("t[:, 1:3] = 0.5", "t[0, 2:] += 2.0", "t[:2] *= 3.0", "mask[:, 0] = True"):
        assert line in conv.code, conv.code
    assert "def index_update" not in conv.code and "def updated" not in conv.code, conv.code
    assert run_code(code, "index_update")["eval_err"] <= TOL


def test_where_helper_reads_a_float_mask_as_nonzero():
    body = '''        m = nd.expand_dims(nd.cast(mask, "float32"), axis=2)
        return where(nd, m, x, nd.zeros_like(x))'''
    code = HEAD + definitions("indexing", "where", "index_update") + _model("        pass", body) + INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "torch.where(m != 0, x, torch.zeros_like(x))" in conv.code, conv.code
    assert run_code(code, "where_float")["eval_err"] <= TOL


def test_a_shape_bound_to_sizes_and_split_v2():
    init = "        self.heads = 2"
    body = '''        s = x.shape[:-1] + (self.heads, 2)
        y = nd.reshape(x, s)
        a, b = tuple(nd.split_v2(x, (2,), axis=1))
        c = nd.zeros((2, 3), dtype='int64')
        return nd.sum(y, axis=-1), a, b, c'''
    code = HEAD + definitions("indexing", "index_update") + _model(init, body) + INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "x.reshape(s)" in conv.code and "torch.tensor_split(x, (2,), dim=1)" in conv.code, conv.code
    assert "torch.zeros((2, 3), dtype=torch.int64)" in conv.code, conv.code
    assert run_code(code, "sized_shape")["eval_err"] <= TOL


def test_a_shape_name_of_codes_stays_refused():
    body = '''        s = (0, -1)
        return nd.reshape(x, s)'''
    conv = nnport.convert(HEAD + _model("        pass", body) + INPUTS.replace("    mask = index_update", "    # "),
                          source="mxnet", to="torch")
    assert any("shape must be a literal" in d.message for d in conv.issues), conv.code


def test_a_helper_named_as_an_attribute_is_read():
    """`self.LayerNorm = LayerNorm(...)`: the attribute's name is no use of the helper as a value."""
    init = "        self.LayerNorm = LayerNorm(4, eps=1e-5)"
    code = HEAD + definitions("norm", "LayerNorm") + definitions("indexing", "index_update") + \
        _model(init, "        return self.LayerNorm(x)") + INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "class LayerNorm" not in conv.code and "self.LayerNorm = nn.LayerNorm(4" in conv.code, conv.code
    assert run_code(code, "layer_norm_attr")["eval_err"] <= TOL


GLUON_INPUTS = '''

def get_init_inputs():
    return []


def get_inputs():
    return [np.random.randn(2, 3, 8, 8).astype(np.float32)]
'''


def test_helpers_as_classes_iter_blocks_and_initializers():
    """isinstance(m, BatchNorm) of the writer's BatchNorm (any rank: each PyTorch class), iter_blocks(self)
    as self.modules(), NormalInit and Xavier(factor_type='out'/'in') as PyTorch's initializers."""
    model = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(4, 3, padding=1, in_channels=3)
        self.bn = BatchNorm(in_channels=4)
        self.conv2 = nn.Conv2D(4, 3, padding=1, in_channels=4)
        for m in iter_blocks(self):
            if isinstance(m, nn.Conv2D):
                m.weight.init = mx.init.Xavier(rnd_type="gaussian", factor_type="out", magnitude=2.0)
            elif isinstance(m, (BatchNorm,)):
                m.gamma.init = NormalInit(1.0, 0.02)
        self.conv2.weight.init = mx.init.Xavier(rnd_type="uniform", factor_type="in", magnitude=3 * 2.0 / (1 + math.sqrt(5) ** 2))

    def hybrid_forward(self, F, x):
        return self.conv2(self.bn(self.conv(x)))
'''
    code = HEAD + definitions("norm", "BatchNorm") + definitions("containers", "iter_blocks") + \
        definitions("init", "NormalInit") + model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    for text in ("for m in self.modules():", "isinstance(m, nn.Conv2d)",
                 "isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d))",
                 "nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')",
                 "nn.init.normal_(m.weight, 1.0, 0.02)", "nn.init.kaiming_uniform_(self.conv2.weight, a=math.sqrt(5))"):
        assert text in conv.code, conv.code
    for name in ("class BatchNorm", "def iter_blocks", "class NormalInit"):
        assert name not in conv.code, conv.code
    assert run_code(code, "helper_classes")["eval_err"] <= TOL


def test_block_dict_is_module_dict_and_sdpa_is_pytorchs():
    model = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.heads = HybridBlockDict({"a": nn.Dense(4, flatten=False, in_units=8), "b": nn.Dense(4, flatten=False, in_units=8)})

    def hybrid_forward(self, F, x):
        q = self.heads["a"](x)
        return scaled_dot_product_attention(F, q, self.heads["b"](x), q, is_causal=True)
'''
    code = HEAD + definitions("containers", "HybridBlockDict") + \
        definitions("attention", "scaled_dot_product_attention") + model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "self.heads = nn.ModuleDict({" in conv.code and "F.scaled_dot_product_attention(q, " in conv.code, conv.code
    assert "class HybridBlockDict" not in conv.code and "def scaled_dot_product_attention" not in conv.code
    assert run_code(code, "block_dict_sdpa")["eval_err"] <= TOL


def test_softmax_lambda_is_nn_softmax_and_meshgrid():
    model = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.softmax = nn.HybridLambda(lambda F, x: F.softmax(x, axis=(-1)))
        self.log_softmax = nn.HybridLambda(lambda F, x: F.log_softmax(x, axis=1))

    def forward(self, x):
        a, b = meshgrid(nd, nd.arange(8), nd.arange(8))
        return self.softmax(x) + self.log_softmax(x) + nd.broadcast_mul(a, b)
'''
    code = HEAD + definitions("shape", "meshgrid") + model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    for text in ("self.softmax = nn.Softmax(dim=-1)", "self.log_softmax = nn.LogSoftmax(dim=1)",
                 "torch.meshgrid(torch.arange(8", "indexing='ij'"):
        assert text in conv.code, conv.code
    assert run_code(code, "softmax_lambda")["eval_err"] <= TOL


def test_add_module_names_survive_the_round_trip():
    """PyTorch's add_module(name, m) in a Sequential subclass: Gluon's register_child(m, name) (the child
    keeps its name, its parameters `norm.gamma`...), read back as add_module(name, m)."""
    import textwrap
    torch_code = textwrap.dedent('''\
        import torch
        import torch.nn as nn


        class Model(nn.Sequential):
            def __init__(self):
                super().__init__()
                self.add_module("fc", nn.Linear(4, 3))
                self.add_module("act", nn.Tanh())


        def get_init_inputs():
            return []


        def get_inputs():
            return [torch.randn(2, 4)]
        ''')
    gluon_code = nnport.convert(torch_code, to="mxnet").code
    assert 'self.register_child(nn.Dense(3, flatten=False, in_units=4), "fc")' in gluon_code, gluon_code
    back = nnport.convert(gluon_code, source="mxnet", to="torch").code
    assert 'self.add_module("fc", nn.Linear(4, 3))' in back and 'self.add_module("act", nn.Tanh())' in back, back
    r = run_code(gluon_code.replace("nd.random.normal(shape=(2, 4))", "nd.random.normal(shape=(2, 4)).asnumpy()"), "add_module")
    assert r["eval_err"] <= TOL


def test_broadcast_like_of_axes_is_expand():
    body = '''        m = nd.broadcast_like(nd.full((1, 1), 2.0), x, lhs_axes=(0, 1), rhs_axes=(1, 1))
        return nd.broadcast_mul(nd.slice_axis(x, axis=2, begin=0, end=1), nd.expand_dims(nd.sum(m, axis=1), axis=1))'''
    code = HEAD + definitions("indexing", "index_update") + _model("        pass", body) + INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "torch.full((1, 1), 2.0).expand((x.shape[1], x.shape[1]))" in conv.code, conv.code
    assert run_code(code, "broadcast_axes")["eval_err"] <= TOL
    refused = nnport.convert(code.replace("nd.full((1, 1), 2.0)", "x"), source="mxnet", to="torch")
    assert any("unknown rank" in d.message for d in refused.issues)


def test_parameter_list_is_read_back():
    """parameter_list(self, "ws", values) and hybrid_forward's params[f"ws{i}"] / params["ws2"]: PyTorch's
    nn.ParameterList and self.ws[i] (reading/parameter_lists.py)."""
    model = '''class Model(gluon.HybridBlock):
    def __init__(self, n=3):
        super().__init__()
        self.ws = parameter_list(self, "ws", [nd.random.normal(shape=(8,)) for _ in range(n)])

    def hybrid_forward(self, F, x, **params):
        for i in range(2):
            x = F.tanh(F.broadcast_mul(x, params[f"ws{i}"]))
        return F.broadcast_add(x, params["ws2"])
'''
    code = HEAD + definitions("containers", "parameter_list") + model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    for text in ("self.ws = nn.ParameterList([nn.Parameter(torch.randn((8,))) for _ in range(n)])",
                 "x * self.ws[i]", "x + self.ws[2]", "def forward(self, x):"):
        assert text in conv.code, conv.code
    assert "def parameter_list" not in conv.code
    assert run_code(code, "parameter_list")["eval_err"] <= TOL


def test_attention_and_transformer_helpers_are_pytorchs():
    model = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.attn = MultiheadAttention(8, 2, kdim=4, vdim=4, batch_first=True)
        self.encoder = TransformerEncoder(TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0,
                                                                  batch_first=True), 2)

    def hybrid_forward(self, F, x):
        h = F.reshape(x, (2, 3, 64))
        q = F.slice_axis(h, axis=2, begin=0, end=8)
        out, w = self.attn(q, F.slice_axis(h, axis=2, begin=8, end=12), F.slice_axis(h, axis=2, begin=12, end=16))
        return self.encoder(out), w
'''
    code = HEAD + definitions("attention", "MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder") + \
        model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    for text in ("nn.MultiheadAttention(8, 2, kdim=4, vdim=4, batch_first=True)",
                 "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16"):
        assert text in conv.code, conv.code
    assert "class MultiheadAttention" not in conv.code and "class TransformerLayer" not in conv.code, conv.code
    assert run_code(code, "attention_helpers")["eval_err"] <= TOL


def test_bilinear_helpers_are_pytorchs():
    model = '''class Model(gluon.HybridBlock):
    def __init__(self):
        super().__init__()
        self.bil = Bilinear(8, 8, 5)
        self.w = self.params.get("w", shape=(3, 8, 8), init=mx.init.Normal(0.1))

    def hybrid_forward(self, F, x, w):
        a = F.slice_axis(x, axis=1, begin=0, end=1)
        return self.bil(a, a), bilinear(F, a, a, w)
'''
    code = HEAD + definitions("embedding", "Bilinear") + model + GLUON_INPUTS
    conv = nnport.convert(code, source="mxnet", to="torch")
    assert "self.bil = nn.Bilinear(8, 8, 5)" in conv.code and "F.bilinear(a, a, self.w)" in conv.code, conv.code
    assert run_code(code, "bilinear")["eval_err"] <= TOL
