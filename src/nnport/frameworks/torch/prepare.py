"""PyTorch as a source: the helper classes another translation wrote into the file (their definitions
the declared ones, torch/helper_classes.py) are taken out, and their names read as the helpers' reader
entries (torch/layers/helpers.py: the table layer with its flags). A file without them is unchanged."""
from __future__ import annotations

from nnport.frameworks.torch import helper_classes
from nnport.translate import python_tree


def prepare(code: str, filename: str, target: str | None = None):
    """(code, facts {"aliases": local class -> reader entry, "line_map"}, diagnostics); the same
    `code` object and no facts where the file defines no helper."""
    if "class " not in code:
        return code, None, []
    try:
        found = helper_classes.recognise(python_tree.parse(code))   # the engine's parse, shared
    except SyntaxError:
        return code, None, []   # the engine's parser reports it
    if not found:
        return code, None, []
    lines = code.splitlines(keepends=True)
    drop = set()
    for _, _, _, node in found.values():
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        end = node.end_lineno
        while end < len(lines) and not lines[end].strip():
            end += 1   # the blank lines after it go with it
        drop.update(range(start, end))
    out = "".join(line for i, line in enumerate(lines) if i not in drop)
    from nnport.translate.hub import line_map
    aliases = {name: h.api(n) for name, (h, _, n, _) in found.items()}
    return out, {"aliases": aliases, "line_map": line_map(code, out)}, []
