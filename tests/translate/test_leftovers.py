"""Source-framework names left in the output (no table entry, no rule) are never silent: each gets a
`# nnport: untranslated` comment on its statement and a diagnostic at its source position."""
from __future__ import annotations

import textwrap

import nnport


def convert(src: str):
    return nnport.convert(textwrap.dedent(src).lstrip("\n"), to="flax", source="torch")


def leftovers(conv):
    return [(d.line, d.col, d.api) for d in conv.diagnostics if "untranslated reference" in d.message]


def test_first_statement_after_the_removed_imports():
    conv = convert("""
        import os

        # the framework
        import torch
        default = torch.get_default_dtype
        """)
    assert leftovers(conv) == [(5, 11, "torch")]
    assert "# the framework\n# nnport: untranslated: torch\ndefault = torch.get_default_dtype" in conv.code


def test_after_a_helper_and_inside_methods():
    conv = convert("""
        import torch
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.bn = nn.BatchNorm1d(4)          # needs a helper class in the output
                self.hook = nn.modules.module.register_module_forward_hook

            def forward(self, x):
                if x.sum() > 0:
                    fn = torch.overrides.handle_torch_function
                return self.bn(x)
        """)
    assert [(line, api) for line, _, api in leftovers(conv)] == [(9, "nn"), (13, "torch")]
    assert conv.code.count("# nnport: untranslated:") == 2
    assert "class BatchNorm(nnx.BatchNorm)" in conv.code
    lines = conv.code.splitlines()
    i = lines.index("            fn = torch.overrides.handle_torch_function")
    assert lines[i - 1] == "            # nnport: untranslated: torch"


def test_class_right_after_the_imports_and_a_helper():
    conv = convert("""
        import torch.nn as nn
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.bn = nn.BatchNorm1d(4)
                self.hook = nn.modules.module.register_module_forward_hook
        """)
    assert [(line, api) for line, _, api in leftovers(conv)] == [(6, "nn")]
    assert "# nnport: untranslated: nn\n        self.hook" in conv.code


def test_one_diagnostic_per_spot():
    """A call with no table entry is reported once, not again as a leftover name."""
    conv = convert("""
        import torch
        y = torch.not_an_api(3)
        """)
    assert [d.message for d in conv.issues] == ["no table entry for torch.not_an_api"]
    assert leftovers(conv) == []


def test_clean_translation_has_no_comment():
    conv = convert("""
        import torch
        import torch.nn as nn


        class Net(nn.Module):
            def forward(self, x):
                return torch.relu(x)
        """)
    assert not conv.issues and "nnport" not in conv.code
