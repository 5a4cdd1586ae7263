"""Python names for Keras layer and tensor names: submodule attributes (shared by the code writer
and the weight transfer, so both agree) and forward variables."""
from __future__ import annotations

import builtins
import keyword
import re

# nn.Module's own attributes: a submodule of such a name would hide them
MODULE_ATTRS = frozenset("""T_destination add_module apply bfloat16 buffers call_super_init children compile
cpu cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter
get_submodule half ipu load_state_dict modules mtia named_buffers named_children named_modules
named_parameters parameters register_backward_hook register_buffer register_forward_hook
register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook
register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module register_parameter
register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state set_submodule
share_memory state_dict to to_empty train training type xpu zero_grad""".split())
# names the written file binds itself
RESERVED = frozenset({"self", "torch", "nn", "F", "inputs", "super"}) | frozenset(dir(builtins))


def identifier(name: str) -> str:
    out = re.sub(r"\W", "_", str(name)) or "_"
    if out[0].isdigit():
        out = "_" + out
    if keyword.iskeyword(out):
        out += "_"
    return out


def attr_name(layer_name: str, suffix: str = "") -> str:
    """The submodule attribute of a Keras layer (and of its extra modules: `<name>_<suffix>`)."""
    out = identifier(f"{layer_name}_{suffix}" if suffix else layer_name)
    return out + "_" if out in MODULE_ATTRS else out


class Names:
    """Unique forward variables."""

    def __init__(self, taken=()):
        self.taken = set(RESERVED) | set(taken)

    def new(self, hint: str) -> str:
        base = identifier(hint)
        if base in MODULE_ATTRS:
            base += "_"
        name, k = base, 1
        while name in self.taken:
            k += 1
            name = f"{base}_{k}"
        self.taken.add(name)
        return name
