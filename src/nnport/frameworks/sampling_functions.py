"""Spatial transformers (F.affine_grid, F.grid_sample) for a target whose support/spatial2.py has
helper functions `affine_grid` and `grid_sample` (with `_source_coords`) that take PyTorch's
(N, C, H, W) input and (N, H, W, 2) grid (Flax, Keras): one table for both, registered by `register`
with the target's `fn`, `helper` and `lit` (a literal argument, else Unsupported)."""
from __future__ import annotations

from nnport.frameworks.spec import Canon, Unsupported, code
from nnport.translate.emit import call

GRID_SAMPLE_SIG = "x, grid, mode='bilinear', padding_mode='zeros', align_corners=False"
AFFINE_GRID_SIG = "theta, size, align_corners=False"


def _align(c: Canon, ctx):
    """align_corners: PyTorch's None means False, the helpers' default."""
    v = c.get("align_corners")
    if v is None or code(v) in ("None", "False"):
        return None
    if code(v) == "True":
        return "True"
    raise Unsupported(f"align_corners={code(v)}: only literal values are translated")


def register(fn, helper, lit) -> None:
    def grid_sample(c: Canon, ctx):
        mode, pad = lit(c, "mode"), lit(c, "padding_mode")
        if mode not in ("bilinear", "nearest"):
            raise Unsupported(f"mode={mode!r}: only 'bilinear' and 'nearest' are translated")
        if pad not in ("zeros", "border", "reflection"):
            raise Unsupported(f"padding_mode={pad!r}")
        return call(helper(ctx, "spatial2", "grid_sample", "_source_coords"), "{input}", "{grid}", mode="{mode}",
                    padding_mode="{padding_mode}", align_corners=_align, sig=GRID_SAMPLE_SIG)(c, ctx)

    fn("grid_sample", "grid_sample", grid_sample)
    fn("affine_grid", "affine_grid", lambda c, ctx: call(
        helper(ctx, "spatial2", "affine_grid"), "{theta}", "{size}", align_corners=_align, sig=AFFINE_GRID_SIG)(c, ctx))
