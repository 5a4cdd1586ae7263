"""One Linen module class -> one NNX module class.

Fields become the constructor (fields.py); `setup()`'s body moves into `__init__` (its constructions
rewritten in place); the constructions and Variables of the methods (`@nn.compact`) move to
`__init__` too (methods.py); `@nn.compact` goes; the mode argument becomes NNX module flags
(flags.py).
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.linen import flags as fl
from nnport.frameworks.flax.linen.fields import assign_self, init_def, split_fields
from nnport.frameworks.flax.linen.layers import COMPACT, MODULE
from nnport.frameworks.flax.linen.methods import Body, locals_of


def linen_classes(ctx, module: cst.Module) -> set[str]:
    """Classes of the file deriving (directly or through each other) from flax.linen.Module."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for stmt in module.body:
            if isinstance(stmt, cst.ClassDef) and stmt.name.value not in found and any(
                    ctx.linen(b.value) == MODULE or (isinstance(b.value, cst.Name) and b.value.value in found)
                    for b in stmt.bases):
                found.add(stmt.name.value)
                ctx.fields[stmt.name.value] = [p.name.value for p in split_fields(list(stmt.body.body))[0]]
                changed = True
    return found


class Classes(cst.CSTTransformer):
    def __init__(self, ctx):
        super().__init__()
        self.ctx = ctx

    def visit_ClassDef(self, node):
        return False                                   # nested classes: not Linen modules here

    def leave_ClassDef(self, original, updated):
        if original.name.value not in self.ctx.user:
            return updated
        return rewrite_class(self.ctx, original)


def rewrite_class(ctx, cls: cst.ClassDef) -> cst.ClassDef:
    owner = cls.name.value
    params, stores, rest = split_fields(list(cls.body.body))
    taken = {p.name.value for p in params}
    setup_body, decls, methods, flagged, arrays, keeps = [], [], [], set(), set(), []
    for stmt in rest:
        ctx.partials = {}                                # per method
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "setup":
            body = Body(ctx, owner, set(), set(), compact=False, taken=taken)
            setup_body = list(stmt.body.visit(body).body)
            decls.extend(body.decls)
            arrays = body.arrays
            continue
        if isinstance(stmt, cst.FunctionDef):
            stmt, more, used, rngs = _method(ctx, owner, stmt, taken, arrays)
            decls.extend(more)
            keeps += rngs
            flagged |= used
        methods.append(stmt)
    if owner in ctx.sized:           # a layer's input size is this module's input size (differs per use)
        params.insert(0, cst.Param(cst.Name("in_features"), annotation=cst.Annotation(cst.Name("int"))))
    # every NNX module takes rngs: one __init__ each, even where Linen had nothing to set up
    init_body = stores + [assign_self(f, cst.Name("False")) for f in sorted(flagged)] + setup_body + decls
    if any(keeps):
        init_body.append(assign_self("rngs", cst.Name("rngs")))
        ctx.warn(cls, f"{owner} draws random keys (self.make_rng): NNX draws them from the nnx.Rngs it "
                      "keeps, a different stream than Linen's", severity="info")
    at = next((i for i, s in enumerate(methods) if isinstance(s, cst.FunctionDef)), len(methods))
    methods.insert(at, init_def(params, init_body))
    if at + 1 < len(methods) and not methods[at + 1].leading_lines:
        methods[at + 1] = methods[at + 1].with_changes(leading_lines=[cst.EmptyLine(indent=False)])
    return cls.with_changes(body=cls.body.with_changes(body=methods))


def _method(ctx, owner: str, fn: cst.FunctionDef, taken: set, arrays: set):
    """(the method rewritten, statements for __init__, module flags its reads of the mode need,
    [whether it draws keys from the module's Rngs])."""
    source = fn
    decorators = [d for d in fn.decorators if ctx.linen(d.decorator) != COMPACT]
    flags = fl.flag_params(fn)
    body = Body(ctx, owner, locals_of(fn), flags, compact=True, taken=taken)
    body.arrays = arrays
    new_body = fn.body.visit(body)
    fn = fn.with_changes(body=new_body, decorators=decorators)
    used = set()
    if flags:
        fn = fl.drop_params(fn, flags)
        ctx.warn(source.name, f"{owner}.{fn.name.value}: the mode argument ({', '.join(sorted(flags))}) is gone; "
                     "NNX modules start in training mode: model.eval() / model.train() switch them",
                 severity="info")
        text = cst.Module([]).code_for_node(new_body)      # a read of the mode that stayed
        used = {fl.init_flag(f) for f in flags if f"self.{fl.init_flag(f)}" in text}
    return fn, body.decls, used, [body.keeps_rngs]
