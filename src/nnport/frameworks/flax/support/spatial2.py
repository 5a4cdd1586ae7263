"""Spatial helpers copied into translated Flax code where no nnx layer is exact."""
import jax
import jax.numpy as jnp
from flax import nnx


class GroupedConvTranspose(nnx.ConvTranspose):
    """PyTorch ConvTransposeNd with groups > 1 on channels-last input (nnx.ConvTranspose has no
    feature groups). The kernel keeps nnx's transpose_kernel=True layout, (*kernel_size,
    out_features // groups, in_features); `padding` is the explicit lax padding per spatial axis."""

    def __init__(self, in_features, out_features, kernel_size, strides=None, *, padding, groups,
                 kernel_dilation=None, use_bias=True, rngs):
        super().__init__(in_features, out_features // groups, kernel_size, strides, padding=padding,
                         kernel_dilation=kernel_dilation, use_bias=use_bias, transpose_kernel=True,
                         rngs=rngs)
        self.groups = groups
        if use_bias:
            self.bias = nnx.Param(jnp.zeros((out_features,), self.param_dtype))

    def __call__(self, x):
        n, g = len(self.kernel_size), self.groups
        k = jnp.flip(self.kernel[...], axis=tuple(range(n)))
        *s, o, i = k.shape
        # (*s, out/g, in) -> (*s, in/g, out): output channel gi * out/g + oj reads input group gi
        k = jnp.swapaxes(k.reshape(*s, o, g, i // g), -3, -1).reshape(*s, i // g, g * o)
        spec = (0, n + 1) + tuple(range(1, n + 1))
        dims = jax.lax.ConvDimensionNumbers(spec, (n + 1, n) + tuple(range(n)), spec)
        strides = self.strides or 1
        dilation = self.kernel_dilation or 1
        y = jax.lax.conv_general_dilated(
            x, k, (1,) * n, [tuple(p) for p in self.padding],
            lhs_dilation=(strides,) * n if isinstance(strides, int) else tuple(strides),
            rhs_dilation=(dilation,) * n if isinstance(dilation, int) else tuple(dilation),
            dimension_numbers=dims, feature_group_count=g)
        if self.bias is not None:
            y = y + self.bias[...]
        return y


def fold(x, output_size, kernel_size, dilation=(1, 1), padding=(0, 0), stride=(1, 1)):
    """PyTorch Fold / F.fold (col2im): sums the (N, C * kh * kw, L) patches back into (N, C, H, W);
    the exact transpose of lax.conv_general_dilated_patches (PyTorch's Unfold)."""
    n, ckk, _ = x.shape
    c = ckk // (kernel_size[0] * kernel_size[1])
    output_size = (output_size,) * 2 if isinstance(output_size, int) else tuple(output_size)

    def unfold(y):
        return jax.lax.conv_general_dilated_patches(
            y, kernel_size, stride, [(p, p) for p in padding], rhs_dilation=dilation,
            precision=jax.lax.Precision.HIGHEST).reshape(n, ckk, -1)

    (out,) = jax.linear_transpose(unfold, jax.ShapeDtypeStruct((n, c, *output_size), x.dtype))(x)
    return out


def affine_grid(theta, size, align_corners=False):
    """PyTorch F.affine_grid for 2-d sizes (N, C, H, W): (N, H, W, 2) sampling points theta @ (x, y, 1)."""
    if len(size) != 4:
        raise ValueError("affine_grid: only 4-d sizes (N, C, H, W) are translated")
    n, _, h, w = size

    def steps(k):
        s = jnp.linspace(-1.0, 1.0, k, dtype=theta.dtype) if k > 1 else jnp.zeros((k,), theta.dtype)
        return s if align_corners else s * (k - 1) / k

    ys, xs = jnp.meshgrid(steps(h), steps(w), indexing="ij")
    base = jnp.stack([xs, ys, jnp.ones_like(xs)], axis=-1).reshape(1, h * w, 3)
    grid = jnp.matmul(base, jnp.swapaxes(theta, 1, 2), precision=jax.lax.Precision.HIGHEST)
    return grid.reshape(n, h, w, 2)


def _source_coords(coord, size, padding_mode, align_corners):
    """PyTorch's grid_sampler_compute_source_index: [-1, 1] -> pixel coordinates, then padding_mode."""
    if align_corners:
        coord = (coord + 1) / 2 * (size - 1)
    else:
        coord = ((coord + 1) * size - 1) / 2
    if padding_mode == "reflection":
        lo, hi = (0.0, 2.0 * (size - 1)) if align_corners else (-1.0, 2.0 * size - 1)
        if lo == hi:
            coord = jnp.zeros_like(coord)
        else:
            mn, span = lo / 2, (hi - lo) / 2
            d = jnp.abs(coord - mn)
            extra, flips = jnp.fmod(d, span), jnp.floor(d / span)
            coord = jnp.where(flips % 2 == 0, extra + mn, span - extra + mn)
    if padding_mode in ("border", "reflection"):
        coord = jnp.clip(coord, 0, size - 1)
    return coord


def grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False):
    """PyTorch F.grid_sample for (N, C, H, W) input and (N, Hg, Wg, 2) grid (x, y in [-1, 1]);
    modes bilinear and nearest, padding zeros, border and reflection. Returns (N, C, Hg, Wg)."""
    n, c, h, w = x.shape
    ix = _source_coords(grid[..., 0], w, padding_mode, align_corners)
    iy = _source_coords(grid[..., 1], h, padding_mode, align_corners)
    batch = jnp.arange(n)[:, None, None]

    def at(yy, xx):   # x[b, :, yy, xx] with zeros outside the input, as (N, C, Hg, Wg)
        inside = (xx >= 0) & (xx < w) & (yy >= 0) & (yy < h)
        v = x[batch, :, jnp.clip(yy, 0, h - 1), jnp.clip(xx, 0, w - 1)]
        return jnp.moveaxis(jnp.where(inside[..., None], v, 0), -1, 1)

    if mode == "nearest":
        return at(jnp.round(iy).astype(jnp.int32), jnp.round(ix).astype(jnp.int32))
    x0, y0 = jnp.floor(ix), jnp.floor(iy)
    x1, y1 = x0 + 1, y0 + 1
    nw, ne = (x1 - ix) * (y1 - iy), (ix - x0) * (y1 - iy)
    sw, se = (x1 - ix) * (iy - y0), (ix - x0) * (iy - y0)
    x0, y0, x1, y1 = (a.astype(jnp.int32) for a in (x0, y0, x1, y1))
    return (at(y0, x0) * nw[:, None] + at(y0, x1) * ne[:, None] + at(y1, x0) * sw[:, None]
            + at(y1, x1) * se[:, None])
