"""visiting.py: the fast visitors see every node LibCST's own traversal shows them but the trivia
(whitespace, commas, operators, brackets), unless they ask for one with a visit_/leave_ method."""
import libcst as cst

from nnport.translate.visiting import FastTransformer, FastVisitor

CODE = ("import torch  # c\n\nclass M(torch.nn.Module):\n    def forward(self, x, y=1):\n"
        "        return (x + y) * torch.relu(x[0, :])  # note\n")


def _plain_visit(module):
    """Every node type LibCST's own CSTVisitor visits."""
    seen = []

    class All(cst.CSTVisitor):
        def on_visit(self, node):
            seen.append(type(node))
            return True
    module.visit(All())
    return seen


def test_walk_sees_every_non_trivia_node_and_no_trivia():
    module = cst.parse_module(CODE)
    seen = []

    class Counting(FastVisitor):
        def on_visit(self, node):
            seen.append(type(node))
            return super().on_visit(node)
    Counting().walk(module)
    pruned = Counting._pruned()
    everything = _plain_visit(module)
    assert cst.Comma in everything and cst.SimpleWhitespace in everything and cst.Add in everything
    assert sorted(map(str, seen)) == sorted(str(t) for t in everything if t not in pruned)
    assert cst.Name in seen and cst.Call in seen and cst.Comma not in seen


def test_a_visitor_with_a_method_for_a_trivia_type_gets_those_nodes():
    """Also those nested in other trivia (comments inside trailing whitespace)."""
    module = cst.parse_module(CODE)
    commas, comments = [], []

    class Commas(FastVisitor):
        def visit_Comma(self, node):
            commas.append(node)

        def leave_Comment(self, node):
            comments.append(node.value)
    Commas().walk(module)
    assert len(commas) == 3 and comments == ["# c", "# note"]
    assert not Commas._pruned()   # trivia nest (a Comment in whitespace): then none is pruned


def test_transformer_leaves_trivia_alone_and_code_unchanged():
    module = cst.parse_module(CODE)
    left = []

    class Renaming(FastTransformer):
        def on_leave(self, original, updated):
            left.append(id(original))
            return super().on_leave(original, updated)

        def leave_Name(self, original, updated):
            return updated.with_changes(value="z") if updated.value == "x" else updated
    out = module.visit(Renaming())
    assert out.code == CODE.replace("x", "z")
    commas = []

    class Commas(cst.CSTVisitor):
        def visit_Comma(self, node):
            commas.append(node)
    module.visit(Commas())
    assert commas and all(id(c) in left for c in commas)   # the trivia node itself is left ...
    assert not any(id(c.whitespace_after) in left for c in commas)   # ... not the whitespace inside
