"""translate/names.py: names_in, the plain names an expression reads."""
import libcst as cst

from nnport.translate.names import names_in


def test_names_in_reads_plain_names_not_attribute_names():
    assert names_in(cst.parse_expression("nn.BatchNorm(x, self.c, f(y).z)")) == {"nn", "x", "self", "f", "y"}
