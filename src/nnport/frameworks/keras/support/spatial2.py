"""PyTorch's im2col / col2im (nn.Unfold, nn.Fold) and spatial transformers (F.affine_grid,
F.grid_sample) on channels-first tensors (copied into translated code)."""
from keras import ops


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _patch_sizes(size, kernel_size, dilation, padding, stride):
    """The padded size and the number of windows per spatial axis."""
    padded = [s + 2 * p for s, p in zip(size, padding)]
    return padded, [(s - d * (k - 1) - 1) // st + 1 for s, k, d, st in zip(padded, kernel_size, dilation, stride)]


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """F.unfold (im2col): (N, C, H, W) -> (N, C * kh * kw, L), the features of a patch ordered
    (channel, kernel row, kernel column) as PyTorch's."""
    (kh, kw), (dh, dw), padding, (sh, sw) = (_pair(v) for v in (kernel_size, dilation, padding, stride))
    _, (oh, ow) = _patch_sizes(x.shape[2:], (kh, kw), (dh, dw), padding, (sh, sw))
    x = ops.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    patches = [x[:, :, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw]
               for i in range(kh) for j in range(kw)]
    return ops.reshape(ops.stack(patches, axis=2), (-1, x.shape[1] * kh * kw, oh * ow))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """F.fold (col2im): sums the (N, C * kh * kw, L) patches back into (N, C, H, W), the transpose
    of `unfold` (entries of overlapping windows add up)."""
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw) = (
        _pair(v) for v in (output_size, kernel_size, dilation, padding, stride))
    (hp, wp), (oh, ow) = _patch_sizes((h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw))
    c = x.shape[1] // (kh * kw)
    # the position in the padded (hp, wp) output of each (kernel row, kernel column, window) entry
    target = [(i * dh + a * sh) * wp + j * dw + b * sw
              for i in range(kh) for j in range(kw) for a in range(oh) for b in range(ow)]
    cols = ops.transpose(ops.reshape(x, (-1, c, kh * kw * oh * ow)), (2, 0, 1))
    sums = ops.segment_sum(cols, ops.convert_to_tensor(target, "int32"), num_segments=hp * wp)
    y = ops.reshape(ops.transpose(sums, (1, 2, 0)), (-1, c, hp, wp))
    return y[:, :, ph:ph + h, pw:pw + w]


def affine_grid(theta, size, align_corners=False):
    """PyTorch F.affine_grid for 2-d sizes (N, C, H, W): (N, H, W, 2) sampling points theta @ (x, y, 1)."""
    if len(size) != 4:
        raise ValueError("affine_grid: only 4-d sizes (N, C, H, W) are translated")
    n, _, h, w = (int(s) for s in size)

    def steps(k):
        s = ops.linspace(-1.0, 1.0, k, dtype=theta.dtype) if k > 1 else ops.zeros((k,), theta.dtype)
        return s if align_corners else s * ((k - 1) / k)

    ys, xs = ops.meshgrid(steps(h), steps(w), indexing="ij")
    base = ops.reshape(ops.stack([xs, ys, ops.ones_like(xs)], axis=-1), (1, h * w, 3))
    grid = ops.matmul(base, ops.swapaxes(theta, 1, 2))
    return ops.reshape(grid, (n, h, w, 2))


def _source_coords(coord, size, padding_mode, align_corners):
    """PyTorch's grid_sampler_compute_source_index: [-1, 1] -> pixel coordinates, then padding_mode."""
    if align_corners:
        coord = (coord + 1) / 2 * (size - 1)
    else:
        coord = ((coord + 1) * size - 1) / 2
    if padding_mode == "reflection":
        lo, hi = (0.0, 2.0 * (size - 1)) if align_corners else (-1.0, 2.0 * size - 1)
        if lo == hi:
            coord = ops.zeros_like(coord)
        else:
            low, span = lo / 2, (hi - lo) / 2
            d = ops.abs(coord - low)
            extra, flips = ops.mod(d, span), ops.floor(d / span)
            coord = ops.where(ops.mod(flips, 2) == 0, extra + low, span - extra + low)
    if padding_mode in ("border", "reflection"):
        coord = ops.clip(coord, 0, size - 1)
    return coord


def grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False):
    """PyTorch F.grid_sample for (N, C, H, W) input and (N, Hg, Wg, 2) grid (x, y in [-1, 1]);
    modes bilinear and nearest, padding zeros, border and reflection. Returns (N, C, Hg, Wg)."""
    x, grid = ops.convert_to_tensor(x), ops.convert_to_tensor(grid)
    n, c, h, w = x.shape
    gh, gw = grid.shape[1], grid.shape[2]
    ix = _source_coords(grid[..., 0], w, padding_mode, align_corners)
    iy = _source_coords(grid[..., 1], h, padding_mode, align_corners)
    flat = ops.reshape(x, (-1, c, h * w))

    def at(yy, xx):   # x[b, :, yy, xx] with zeros outside the input, as (N, C, Hg, Wg)
        inside = ops.logical_and(ops.logical_and(xx >= 0, xx < w), ops.logical_and(yy >= 0, yy < h))
        index = ops.reshape(ops.clip(yy, 0, h - 1) * w + ops.clip(xx, 0, w - 1), (-1, 1, gh * gw))
        v = ops.take_along_axis(flat, ops.broadcast_to(index, (ops.shape(flat)[0], c, gh * gw)), axis=2)
        return ops.where(ops.expand_dims(inside, 1), ops.reshape(v, (-1, c, gh, gw)), 0.0)

    if mode == "nearest":
        return at(ops.cast(ops.round(iy), "int32"), ops.cast(ops.round(ix), "int32"))
    x0, y0 = ops.floor(ix), ops.floor(iy)
    x1, y1 = x0 + 1, y0 + 1
    nw, ne = (x1 - ix) * (y1 - iy), (ix - x0) * (y1 - iy)
    sw, se = (x1 - ix) * (iy - y0), (ix - x0) * (iy - y0)
    x0, y0, x1, y1 = (ops.cast(a, "int32") for a in (x0, y0, x1, y1))
    return (at(y0, x0) * ops.expand_dims(nw, 1) + at(y0, x1) * ops.expand_dims(ne, 1)
            + at(y1, x0) * ops.expand_dims(sw, 1) + at(y1, x1) * ops.expand_dims(se, 1))
