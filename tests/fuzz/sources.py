"""Generated deep-learning modules for each source framework: its imports, module classes whose
__init__ builds layers of nnport's tables and whose forward/call/__call__ calls table functions and
tensor methods with random arguments, inside and around plain Python (plain.py). Always valid
Python; the keras builder route (a top-level `def Model`, which nnport runs) is never generated."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz import apis, plain

NUMBERS = st.one_of(st.integers(1, 64).map(str), st.sampled_from(("0.1", "(3, 3)", "2", "-1", "True", "'same'")))


def layer_call(framework: str) -> st.SearchStrategy[str]:
    """`Layer(args)`: a table layer with mostly numeric arguments (Flax layers get rngs=)."""
    args = plain.arguments(st.one_of(NUMBERS, st.sampled_from(("width", "n", "x.shape[1]"))))
    rngs = "rngs=rngs" if framework == "flax" else ""
    return st.builds(lambda name, a: f"{name}({', '.join(filter(None, (a, rngs)))})",
                     st.sampled_from(apis.layers(framework)), args)


def _callables(framework: str, n_layers: int) -> tuple[str, ...]:
    own = tuple(f"self.l{i}" for i in range(n_layers))
    return apis.functions(framework) + own + apis.layers(framework)[:8] + ("len", "range", "helper")


def _init(framework: str, layers: list[str], extra: list[str]) -> list[str]:
    flax = framework == "flax"
    head = ["def __init__(self, width=8, n: int = 4, *args, rngs: nnx.Rngs, **kwargs):" if flax else
            "def __init__(self, width=8, n: int = 4, *args, **kwargs):"]
    body = ([] if flax else ["super().__init__()"]) + [f"self.l{i} = {c}" for i, c in enumerate(layers)]
    return head + plain.block(body + extra)


def _forward(framework: str, hybrid: bool, body: list[str], result: str) -> list[str]:
    if hybrid:
        head = "def hybrid_forward(self, F, x, *rest):"
    else:
        head = f"def {apis.forward_name(framework)}(self, x, *rest{', training=False' if framework == 'keras' else ''}):"
    return [head, *plain.block(body + [f"return {result}"])]


@st.composite
def module(draw, framework: str) -> str:
    """One generated module of `framework` (valid Python)."""
    layers = draw(st.lists(layer_call(framework), min_size=1, max_size=3))
    calls = _callables(framework, len(layers))
    methods = apis.methods(framework) or ("shape", "numpy")
    methods = methods + ("append", "add", "get")
    fwd = plain.expr(calls, methods, depth=2)
    stmts = plain.statements(calls, methods, depth=1, in_function=True)
    body = draw(st.lists(st.one_of(fwd.map(lambda e: [f"x = {e}"]), stmts), min_size=1, max_size=4))
    init_extra = draw(st.lists(plain.statements(depth=1, in_function=False), max_size=1))
    hybrid = framework == "mxnet" and draw(st.booleans())
    decorator = draw(st.sampled_from(((), ("@dataclasses.dataclass",), ("@register('x')",))))
    name = draw(st.sampled_from(("Net", "Model", "Block", "Encoder")))
    cls = [*decorator, f"class {name}({apis.module_base(framework)}):", '    """A generated model."""',
           *plain.block(_init(framework, layers, [ln for s in init_extra for ln in s])),
           "", *plain.block(_forward(framework, hybrid, [ln for s in body for ln in s], draw(fwd)))]
    around = draw(st.lists(plain.statements(calls, methods, depth=1), max_size=2))
    tail = draw(st.lists(plain.statements(calls, methods, depth=1), max_size=2))
    imports = list(apis.imports(framework))
    lines = ['"""A generated module."""', "import math", *imports, *(ln for s in around for ln in s), "", "",
             *cls, "", *(ln for s in tail for ln in s)]
    return "\n".join(lines) + "\n"
