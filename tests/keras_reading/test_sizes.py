"""keras/sizes.py: recorded input shapes keyed by construction site; prepare's line map."""
import textwrap

from nnport.frameworks.keras import sizes
from nnport.frameworks.keras.prepare import _line_map

CODE = textwrap.dedent('''
    import numpy as np
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.fc = layers.Dense(units)
            self.seq = keras.Sequential([layers.Dense(3), layers.Dense(2)])

        def call(self, x):
            return self.seq(self.fc(x))


    class Model(keras.Model):
        def __init__(self):
            super().__init__()
            self.blocks = [Block(4), Block(5)]
            self.first = [layers.Dense(6) for _ in range(2)]

        def call(self, x):
            x = self.first[1](self.first[0](x))
            for b in self.blocks:
                x = b(x)
            return x


    def get_init_inputs():
        return []


    def get_inputs():
        return [np.ones((2, 7), "float32")]
''')


def test_keys_by_construction_site():
    got = sizes.record(CODE, "<case>")
    assert got[("Model", "first.0")] == [[(2, 7)]] and got[("Model", "first.1")] == [[(2, 6)]]
    assert got[("Model", "first")] == [[(2, 7)], [(2, 6)]]          # a comprehension's element
    assert got[("Block", "fc")] == [[(2, 6)], [(2, 2)]]             # both instances
    assert got[("Block", "seq.0")] == [[(2, 4)], [(2, 5)]]          # a Sequential's element by index
    assert got[("Block", "")] == [[(2, 6)], [(2, 2)]]               # every instance of the class
    assert sizes.agreed(got[("Block", "seq.1")]) == (2, 3)
    assert sizes.agreed(got[("Block", "fc")]) is None


def test_line_map_points_into_the_source():
    before = "a\nb\nc\nd\n"
    after = "a\nc\nX\nd\n"      # b removed, X inserted
    m = _line_map(before, after)
    assert m[1:5] == [1, 3, 3, 4]


HELPERS = '''
def norm():
    """A layer built in a helper function: no (class, attribute) site records its sizes."""
    return layers.BatchNormalization(momentum=0.9)


def project():
    return layers.LayerNormalization(epsilon=1e-3)
'''


def test_class_wide_key():
    import libcst as cst
    assert sizes.class_key(cst.parse_expression("keras.layers.Dense(3)")) == (sizes.CLASS_WIDE, "Dense")
    assert sizes.class_key(cst.parse_expression("Dense(3)")) == (sizes.CLASS_WIDE, "Dense")
    got = sizes.record(CODE, "<case>")
    # every Dense of CODE: the model's two, then each Block's fc and Sequential's two
    assert len(got[(sizes.CLASS_WIDE, "Dense")]) == 8


def test_layers_built_in_helper_functions_are_sized():
    """The BatchNormalizations of norm() share a rank (BatchNorm1d, which needs it) but not a
    size (lazy); the one LayerNormalization's input size is every instance's: a sized nn.LayerNorm. Compared with
    Keras on the same weights and inputs."""
    from subclass_check import run
    conv = run("return self.proj(self.n2(self.fc2(self.n1(self.fc1(x)))))", [(2, 5)], helpers=HELPERS,
               init="self.fc1 = layers.Dense(6)\nself.n1 = norm()\nself.fc2 = layers.Dense(4)\n"
                    "self.n2 = norm()\nself.proj = project()")
    assert "return KerasLazyBatchNorm1d(eps=0.001" in conv.code, conv.code
    assert "nn.LayerNorm(4" in conv.code, conv.code


SEQUENTIAL_SUBCLASS = '''
class DenseNorm(keras.Sequential):
    """A Sequential subclass handing its layers to super().__init__ as Keras' one list."""
    def __init__(self, units):
        super().__init__([layers.Dense(units), layers.BatchNormalization(momentum=0.9), layers.ReLU()])
'''


def test_sequential_subclass_list_elements_are_sized():
    """The list's elements have no recorded site: their class's calls give the BatchNormalization's
    rank, and nn.Sequential gets them as arguments (torch/target.sequential_init). Compared with
    Keras on the same weights and inputs."""
    from subclass_check import run
    conv = run("return self.b(self.a(x))", [(2, 5)], helpers=SEQUENTIAL_SUBCLASS,
               init="self.a = DenseNorm(6)\nself.b = DenseNorm(3)")
    assert "super().__init__(nn.LazyLinear(units), KerasLazyBatchNorm1d(" in conv.code, conv.code
