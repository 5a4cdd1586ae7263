"""torch functions and Tensor methods: reductions, scans, sorting, softmax forms.

Reductions that return (values, indices) in PyTorch (`x.max(1)`, `torch.sort`, `torch.topk`) are
translated to a plain tuple: `v, i = x.max(1)` and `x.max(1)[0]` keep working; `.values` does not.
"""
import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.frameworks.torch.functions._registry import fn, method, no_out


def both(name: str, op: str, args: str, fn_args: str | None = None, method_args: str | None = None,
         inplace: bool = False, read=no_out, **kw) -> None:
    """torch.<name>(input, <args>) and Tensor.<name>(self, <args> less out=), maybe Tensor.<name>_."""
    m_args = method_args or f"self, {args.replace(', *, out=None', '').replace(', out=None', '')}"
    fn(f"torch.{name}", op, fn_args or f"input, {args}", read=read, **dict(kw))
    method(name, op, m_args, read=read, **dict(kw))
    if inplace:
        method(f"{name}_", op, m_args, read=read, **dict(kw))


for _name in ("sum", "mean", "nansum", "nanmean"):
    both(_name, _name, "dim=None, keepdim=False, *, dtype=None, out=None",
         method_args="self, dim=None, keepdim=False, dtype=None")
both("prod", "prod", "dim=None, keepdim=False, *, dtype=None, out=None",
     method_args="self, dim=None, keepdim=False, dtype=None")
both("amax", "amax", "dim=(), keepdim=False, *, out=None")
both("amin", "amin", "dim=(), keepdim=False, *, out=None")
both("argmax", "argmax", "dim=None, keepdim=False")
both("argmin", "argmin", "dim=None, keepdim=False")
both("any", "any", "dim=None, keepdim=False, *, out=None")
both("all", "all", "dim=None, keepdim=False, *, out=None")
both("count_nonzero", "count_nonzero", "dim=None")
both("logsumexp", "logsumexp", "dim, keepdim=False, *, out=None")


def _looks_like_dim(node: cst.BaseExpression) -> bool:
    v = cst.Module([]).code_for_node(node).rsplit(".", 1)[-1].lower()
    return "dim" in v or "axis" in v or v in ("d", "ax")


def max_min(c, ctx):
    """`max(x)` reduces all; `max(x, dim)` gives (values, indices); `max(x, other_tensor)` = maximum."""
    no_out(c, ctx)
    if not c.given("dim"):
        return c
    v = c.lit("dim")
    if isinstance(v, int) and not isinstance(v, bool) or c.given("keepdim") or \
            v is NOT_LITERAL and _looks_like_dim(c.args["dim"]):
        c.op += "_dim"
        return c
    if v is NOT_LITERAL:
        c.op = {"max": "maximum", "min": "minimum"}[c.op]
        c.args["other"] = c.args.pop("dim")
        c.defaults.pop("keepdim", None)
        return c
    raise Unsupported(f"{c.extra['api']}: dim={code(c.args['dim'])}")


both("max", "max", "dim=None, keepdim=False, *, out=None", read=max_min)
both("min", "min", "dim=None, keepdim=False, *, out=None", read=max_min)


def var_std(c, ctx):
    """Both overloads: (dim, unbiased, keepdim) and (dim, *, correction, keepdim)."""
    no_out(c, ctx)
    if c.given("correction") and c.given("unbiased"):
        raise Unsupported(f"{c.extra['api']}: both unbiased= and correction=")
    if not c.given("correction"):
        u = c.lit("unbiased")
        c.set("correction", "1" if u is True else "0" if u is False else f"int({code(c.get('unbiased'))})")
    c.args.pop("unbiased", None)
    c.defaults.pop("unbiased", None)
    return c


for _name in ("var", "std"):
    both(_name, _name, "dim=None, unbiased=True, keepdim=False, *, correction=None, out=None", read=var_std)

both("norm", "norm", "p='fro', dim=None, keepdim=False, out=None, dtype=None",
     method_args="self, p='fro', dim=None, keepdim=False, dtype=None")
fn("torch.linalg.norm", "linalg_norm", "input, ord=None, dim=None, keepdim=False, *, out=None, dtype=None",
   read=no_out)
fn("torch.linalg.vector_norm", "vector_norm", "x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None",
   read=no_out, rename={"x": "input"})

both("cumsum", "cumsum", "dim, *, dtype=None, out=None", inplace=True)
both("cumprod", "cumprod", "dim, *, dtype=None, out=None", inplace=True)
both("sort", "sort", "dim=-1, descending=False, *, stable=False, out=None")
both("argsort", "argsort", "dim=-1, descending=False, *, stable=False",
     fn_args="input, dim=-1, descending=False, stable=False")
both("topk", "topk", "k, dim=-1, largest=True, sorted=True, *, out=None")


def no_dtype(c, ctx):
    if c.lit("dtype") is not None:
        raise Unsupported(f"{c.extra['api']}: dtype= is not supported")
    c.args.pop("dtype", None)
    c.defaults.pop("dtype", None)
    return c


for _name in ("softmax", "log_softmax"):
    fn(f"torch.{_name}", _name, "input, dim, *, dtype=None", read=no_dtype)
    method(_name, _name, "self, dim, dtype=None", read=no_dtype)
