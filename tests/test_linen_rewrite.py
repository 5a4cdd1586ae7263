"""Flax Linen -> Flax NNX rewrite rules (src/nnport/frameworks/flax/linen/): before / after strings.
The sizes come from the real recorded run of each small model (flax is imported by sizes.record)."""
import textwrap

import pytest

from nnport.frameworks.flax.linen.rewrite import rewrite, to_nnx

TAIL = '''

def get_init_inputs():
    return []


def get_inputs():
    return [np.ones((2, 3), "float32")]
'''
HEAD = "import numpy as np\nfrom flax import linen as nn\nimport jax\n\n\n"


def _nnx(body: str, tail: str = TAIL) -> str:
    code, diags = to_nnx(HEAD + textwrap.dedent(body).strip() + "\n" + tail, "<test>")
    assert not [d for d in diags if d.severity == "error"], [d.format() for d in diags]
    return code[len("import numpy as np\nfrom flax import nnx\nimport jax\n\n\n"):-len(tail)].strip()


CASES = [
    pytest.param('''
class Model(nn.Module):
    width: int = 4

    @nn.compact
    def __call__(self, x):
        return nn.Dense(self.width)(x)
''', '''
class Model(nnx.Module):
    def __init__(self, width: int = 4, *, rngs: nnx.Rngs):
        self.width = width
        self.Dense_0 = nnx.Linear(3, self.width, rngs=rngs)

    def __call__(self, x):
        return self.Dense_0(x)
''', id="compact-dense-field"),
    pytest.param('''
class Model(nn.Module):
    def setup(self):
        self.fc = nn.Dense(5, use_bias=False)
        self.norm = nn.LayerNorm()

    def __call__(self, x):
        return nn.relu(self.norm(self.fc(x)))
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(3, 5, use_bias=False, rngs=rngs)
        self.norm = nnx.LayerNorm(5, rngs=rngs)

    def __call__(self, x):
        return nnx.relu(self.norm(self.fc(x)))
''', id="setup-keyword-after-positional"),
    pytest.param('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x):
        for f in (4, 2):
            x = nn.Dense(f, name=None)(x)
        return x
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.dense_layers = nnx.List([nnx.Linear(3, 4, rngs=rngs), nnx.Linear(4, 2, rngs=rngs)])

    def __call__(self, x):
        for i, f in enumerate((4, 2)):
            x = self.dense_layers[i](x)
        return x
''', id="loop-list-enumerate"),
    pytest.param('''
class Model(nn.Module):
    depth: int = 3

    @nn.compact
    def __call__(self, x):
        for _ in range(self.depth):
            x = nn.Dense(3)(x)
        return x
''', '''
class Model(nnx.Module):
    def __init__(self, depth: int = 3, *, rngs: nnx.Rngs):
        self.depth = depth
        self.dense_layers = nnx.List([nnx.Linear(3, 3, rngs=rngs) for _ in range(self.depth)])

    def __call__(self, x):
        for i in range(self.depth):
            x = self.dense_layers[i](x)
        return x
''', id="loop-of-equal-layers-stays-a-comprehension"),
    pytest.param('''
class Model(nn.Module):
    def setup(self):
        self.blocks = [nn.Dense(3) for _ in range(2)]
        self.sizes = [nn.Dense(f) for f in (4, 5)]

    def __call__(self, x):
        for b in self.blocks:
            x = b(x)
        return self.sizes[1](self.sizes[0](x))
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.blocks = nnx.List([nnx.Linear(3, 3, rngs=rngs) for _ in range(2)])
        self.sizes = nnx.List([nnx.Linear(3, 4, rngs=rngs), nnx.Linear(4, 5, rngs=rngs)])

    def __call__(self, x):
        for b in self.blocks:
            x = b(x)
        return self.sizes[1](self.sizes[0](x))
''', id="setup-lists"),
    pytest.param('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x, train: bool = False):
        x = nn.Dense(4, name="fc")(x)
        x = nn.BatchNorm(use_running_average=not train, momentum=0.9)(x)
        return nn.Dropout(0.5)(x, deterministic=not train)
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.fc = nnx.Linear(3, 4, rngs=rngs)
        self.BatchNorm_0 = nnx.BatchNorm(4, momentum=0.9, rngs=rngs)
        self.Dropout_0 = nnx.Dropout(0.5, rngs=rngs)

    def __call__(self, x):
        x = self.fc(x)
        x = self.BatchNorm_0(x)
        return self.Dropout_0(x)
''', id="train-flag-to-module-flags"),
    pytest.param('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x, train: bool = False):
        if train:
            x = x * 2
        return x * self.param("w", nn.initializers.ones, (x.shape[-1],))
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.deterministic = False
        self.w = nnx.Param(nnx.initializers.ones(rngs.params(), (3,)))

    def __call__(self, x):
        if not self.deterministic:
            x = x * 2
        return x * self.w[...]
''', id="param-recorded-shape-and-mode-read"),
    pytest.param('''
class Model(nn.Module):
    def setup(self):
        self.net = nn.Sequential([nn.Dense(8), nn.gelu, nn.Dense(1)])

    def __call__(self, x):
        return self.net(x)
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.net = nnx.Sequential(nnx.Linear(3, 8, rngs=rngs), nnx.gelu, nnx.Linear(8, 1, rngs=rngs))

    def __call__(self, x):
        return self.net(x)
''', id="sequential-unpacked"),
    pytest.param('''
class Block(nn.Module):
    out: int

    @nn.compact
    def __call__(self, x, train=False):
        return nn.Dropout(0.1, deterministic=not train)(nn.Dense(self.out)(x))


class Model(nn.Module):
    @nn.compact
    def __call__(self, x, train=False):
        return Block(2, name="body")(x, train)
''', '''
class Block(nnx.Module):
    def __init__(self, out: int, *, rngs: nnx.Rngs):
        self.out = out
        self.Dropout_0 = nnx.Dropout(0.1, rngs=rngs)
        self.Dense_0 = nnx.Linear(3, self.out, rngs=rngs)

    def __call__(self, x):
        return self.Dropout_0(self.Dense_0(x))


class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.body = Block(2, rngs=rngs)

    def __call__(self, x):
        return self.body(x)
''', id="user-module-name-and-flag-passed-on"),
    pytest.param('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x):
        mean = self.variable("batch_stats", "mean", lambda s: np.zeros(s, "float32"), x.shape[1:])
        return x - mean.value
''', '''
class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.mean = nnx.BatchStat((lambda s: np.zeros(s, "float32"))((3,)))

    def __call__(self, x):
        mean = self.mean
        return x - mean.value
''', id="variable-batch-stats"),
]


@pytest.mark.parametrize("before, after", CASES)
def test_rule(before, after):
    assert _nnx(before) == after.strip()


def test_loop_names_map_for_the_transfer():
    code = HEAD + textwrap.dedent('''
        class Model(nn.Module):
            @nn.compact
            def __call__(self, x):
                for i in range(2):
                    x = nn.Dense(3)(x)
                    x = nn.Dense(3)(x)
                return x
        ''') + TAIL
    out = rewrite(code, "<test>")
    assert "self.dense_layers[i](x)" in out.code and "self.dense_layers_1[i](x)" in out.code
    assert out.names == {("Model", "Dense_0"): "dense_layers.0", ("Model", "Dense_2"): "dense_layers.1",
                         ("Model", "Dense_1"): "dense_layers_1.0", ("Model", "Dense_3"): "dense_layers_1.1"}


def test_without_a_run_sizes_are_diagnosed(monkeypatch):
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    code, diags = to_nnx(HEAD + "class M(nn.Module):\n    @nn.compact\n    def __call__(self, x):\n"
                         "        return nn.Dense(2)(x)\n", "<test>")
    assert "nnx.Linear(in_features, 2, rngs=rngs)" in code
    assert any(d.severity == "error" and "input size" in d.message for d in diags)


def test_linen_name_without_counterpart_stays_visible():
    code, diags = to_nnx("from flax import linen as nn\n\nf = nn.share_scope\n", "<test>")
    assert "nn.share_scope" in code and "from flax import linen as nn" in code
    assert any("share_scope" in d.message for d in diags)


def test_translator_imports_no_framework():
    import subprocess
    import sys
    probe = ("import sys; from nnport.frameworks.flax.linen import rewrite; "
             "rewrite.to_nnx('from flax import linen as nn\\n', 'x'); "
             "print([m for m in ('jax', 'flax', 'torch') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_compact_sequential_layers_map_into_it():
    code = HEAD + textwrap.dedent('''
        class Model(nn.Module):
            @nn.compact
            def __call__(self, x):
                return nn.Sequential([nn.Dense(4), nn.relu, nn.Dense(2)])(x)
        ''') + TAIL
    out = rewrite(code, "<test>")
    assert "self.Sequential_0 = nnx.Sequential(nnx.Linear(3, 4, rngs=rngs), nnx.relu, " \
           "nnx.Linear(4, 2, rngs=rngs))" in out.code
    assert out.names == {("Model", "Dense_0"): "Sequential_0.layers.0", ("Model", "Dense_1"): "Sequential_0.layers.2"}


def test_names_imported_from_flax_linen():
    code = ("import numpy as np\nfrom flax.linen import Module, Dense, compact, relu\n\n\n"
            "class Model(Module):\n    @compact\n    def __call__(self, x):\n        return relu(Dense(2)(x))\n"
            + TAIL)
    out, diags = to_nnx(code, "<test>")
    assert "from flax import nnx\n" in out and "flax.linen" not in out
    assert "class Model(nnx.Module):" in out and "return nnx.relu(self.Dense_0(x))" in out
    assert "self.Dense_0 = nnx.Linear(3, 2, rngs=rngs)" in out


def test_make_rng_reads_the_kept_rngs():
    out = _nnx('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x):
        if self.is_initializing():
            return x
        return x + jax.random.normal(self.make_rng("noise"), x.shape)
''')
    assert "        self.rngs = rngs\n" in out
    assert "if False:" in out and 'jax.random.normal(self.rngs.noise(), x.shape)' in out


def test_class_used_before_it_is_defined_gets_its_input_size_everywhere():
    out = _nnx('''
class Model(nn.Module):
    @nn.compact
    def __call__(self, x):
        return Block(2)(Block(4)(x))


class Block(nn.Module):
    width: int

    @nn.compact
    def __call__(self, x):
        return nn.Dense(self.width)(x)
''')
    # Linen names at construction: the outer Block(2) is built first (Block_0), its input is 4 wide
    assert "self.Block_0 = Block(4, 2, rngs=rngs)" in out and "self.Block_1 = Block(3, 4, rngs=rngs)" in out
    assert "def __init__(self, in_features: int, width: int, *, rngs: nnx.Rngs):" in out
    assert "nnx.Linear(in_features, self.width, rngs=rngs)" in out


def test_example_instead_of_the_file_convention():
    import numpy as np
    from nnport.frameworks.flax.linen.rewrite import imports_linen
    code = HEAD + "class Net(nn.Module):\n    @nn.compact\n    def __call__(self, x):\n" \
                  "        return nn.Dense(2)(x)\n\n\nModel = Net\n"
    assert imports_linen(code) and not imports_linen("import flax.nnx as nnx\n")
    out, _ = to_nnx(code, "<test>", example=([], [np.ones((1, 7), "float32")]))
    assert "nnx.Linear(7, 2, rngs=rngs)" in out


def test_functools_partial_layer_factories():
    code = ("import numpy as np\nfrom functools import partial\nfrom flax import linen as nn\n\n\n"
            "class Model(nn.Module):\n    @nn.compact\n    def __call__(self, x, train: bool = False):\n"
            "        conv = partial(nn.Conv, use_bias=False)\n"
            "        norm = partial(nn.BatchNorm, use_running_average=not train, momentum=0.9)\n"
            "        return norm()(conv(4, (3, 3))(x))\n" + TAIL.replace("(2, 3)", "(1, 5, 5, 2)"))
    out, diags = to_nnx(code, "<test>")
    assert not [d for d in diags if d.severity == "error"]
    assert "self.Conv_0 = nnx.Conv(2, 4, (3, 3), use_bias=False, rngs=rngs)" in out
    assert "self.BatchNorm_0 = nnx.BatchNorm(4, momentum=0.9, rngs=rngs)" in out
    assert "conv = " not in out and "return self.BatchNorm_0(self.Conv_0(x))" in out


def test_attention_sizes_equal_to_the_input_left_to_the_default():
    """`qkv_features=self.dim` recorded equal to the input's last axis: NNX's default (in_features) too,
    so it is left out (the Flax source then reads a PyTorch MultiheadAttention); another size stays."""
    def attention(qkv: str) -> str:
        return _nnx(f'''
class Model(nn.Module):
    dim: int = 3

    @nn.compact
    def __call__(self, x):
        return nn.MultiHeadDotProductAttention(num_heads=1, qkv_features={qkv})(x[:, None])
''')
    assert "nnx.MultiHeadAttention(num_heads=1, in_features=3, decode=False" in attention("self.dim")
    assert "qkv_features=4" in attention("4")
