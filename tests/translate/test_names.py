"""translate/names.py: names_in, the plain names an expression reads; bound_names, the names a target binds."""
import libcst as cst

from nnport.translate.names import bound_names, names_in


def test_names_in_reads_plain_names_not_attribute_names():
    assert names_in(cst.parse_expression("nn.BatchNorm(x, self.c, f(y).z)")) == {"nn", "x", "self", "f", "y"}


def test_bound_names_unpacks_tuples_lists_and_stars_not_attributes_or_items():
    target = cst.parse_statement("a, (b, [c, *d]), self.e, f[0] = v").body[0].targets[0].target
    assert bound_names(target) == ["a", "b", "c", "d"]
