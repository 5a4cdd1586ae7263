"""First functional entries (families grow in their own modules)."""
from nnport.frameworks.torch.functions._registry import fn, method

fn("torch.nn.functional.relu", "relu", "input, inplace=False", ignore=("inplace",))
fn("torch.relu", "relu", "input")
method("relu", "relu", "self")
fn("torch.flatten", "flatten", "input, start_dim=0, end_dim=-1")
method("flatten", "flatten", "self, start_dim=0, end_dim=-1")
def _no_bitcast(c, ctx):
    """`x.view(torch.int32)` reinterprets bits; only `x.view(*shape)` is a reshape."""
    import re
    from nnport.frameworks.spec import Unsupported, code
    if len(c.varargs) == 1 and re.fullmatch(r"(torch|jnp)\.(u?int\d+|float\d*|bfloat16|half|double|long|"
                                            r"int|short|bool_?|complex\d+)", code(c.varargs[0])):
        raise Unsupported("x.view(dtype) reinterprets the bits: not translated")
    return c


method("view", "reshape", "self, *shape", read=_no_bitcast)
method("reshape", "reshape", "self, *shape")
fn("torch.reshape", "reshape", "input, shape")
