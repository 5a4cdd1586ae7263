"""Spatial family, second pass: grouped ConvTranspose (GroupedConvTranspose helper), 'VALID' for
all-zero conv padding, and edge cases of pooling / resampling / flatten beyond test_pool/test_spatial."""
import numpy as np
import pytest

import nnport
from harness import check, expr_case, layer_case, randn


@pytest.mark.target("flax")
@pytest.mark.parametrize("ctor, shape", [
    ("nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2)", (2, 4, 5, 5)),
    ("nn.ConvTranspose2d(6, 3, (3, 2), stride=(1, 2), padding=(1, 0), output_padding=(0, 1), groups=3,"
     " dilation=(1, 2), bias=False)", (2, 6, 5, 6)),
    ("nn.ConvTranspose2d(4, 4, 2, stride=2, padding=2, groups=4)", (2, 4, 5, 6)),   # depthwise, negative pad
    ("nn.ConvTranspose1d(4, 8, 4, stride=3, padding=1, output_padding=2, groups=2)", (2, 4, 7)),
    ("nn.ConvTranspose3d(4, 2, 3, stride=2, padding=1, output_padding=(1, 0, 1), groups=2)", (1, 4, 3, 4, 3)),
    ("nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.ConvTranspose2d(4, 4, 2, stride=2, groups=2),"
     " nn.ReLU())", (2, 3, 6, 6)),
])
def test_grouped_conv_transpose(ctor, shape):
    out = nnport.convert(layer_case(ctor), to="flax", source="torch").code
    assert "GroupedConvTranspose(" in out and "nnport" not in out.replace("# nnport", "")
    check(layer_case(ctor), inputs=[randn(*shape)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("ctor, shape", [
    ("nn.Conv2d(3, 4, 3)", (2, 3, 7, 8)),
    ("nn.Conv1d(3, 4, 3, padding=0, stride=2)", (2, 3, 9)),
    ("nn.Conv2d(3, 4, 3, padding=(0, 0), padding_mode='reflect')", (2, 3, 7, 8)),
    ("nn.Conv3d(2, 4, 2, padding=0, padding_mode='replicate')", (1, 2, 4, 5, 3)),
])
def test_conv_zero_padding_is_valid(ctor, shape):
    out = nnport.convert(layer_case(ctor), to="flax", source="torch").code
    assert "padding='VALID'" in out and "(0, 0)" not in out, out
    check(layer_case(ctor), inputs=[randn(*shape)])


@pytest.mark.parametrize("ctor, shape", [
    ("nn.MaxPool2d(2, 2, 1, ceil_mode=True)", (2, 3, 5, 6)),           # last window would start in padding
    ("nn.MaxPool1d(3, stride=None, padding=1)", (2, 3, 10)),
    ("nn.MaxPool2d((1, 3), stride=(1, 2), padding=(0, 1), dilation=(1, 2))", (2, 3, 4, 11)),
    ("nn.AvgPool2d(2, 2, 1, ceil_mode=True)", (2, 3, 5, 6)),           # divisor clipped to padded input
    ("nn.AvgPool2d(3, 3, 1, ceil_mode=True, count_include_pad=False)", (2, 3, 7, 8)),
    ("nn.AvgPool1d(5, 2, 2, ceil_mode=True, count_include_pad=True)", (2, 3, 8)),
    ("nn.AvgPool3d(2, 2, 1, ceil_mode=True, divisor_override=3)", (1, 2, 5, 4, 3)),
    ("nn.AdaptiveAvgPool2d((None, 3))", (2, 3, 5, 7)),
    ("nn.AdaptiveMaxPool2d((5, 4))", (2, 3, 3, 2)),                     # upsampling bins
    ("nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.AdaptiveMaxPool2d((3, 5)), nn.Flatten())",
     (2, 3, 7, 9)),
])
def test_pool_edges(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape)])


@pytest.mark.parametrize("expr, shape", [
    ("F.max_pool2d(x, (2, 3), None, (1, 1), 1, True)", (2, 3, 7, 8)),
    ("F.avg_pool2d(x, 2, ceil_mode=True, count_include_pad=False)", (2, 3, 5, 7)),
    ("F.adaptive_max_pool3d(x, (2, None, 1))", (1, 2, 5, 4, 3)),
    ("F.interpolate(x, scale_factor=0.5)", (2, 3, 8, 7)),                    # nearest downsampling
    ("F.interpolate(x, size=(1, 4), mode='bilinear', align_corners=True)", (2, 3, 5, 6)),
    ("F.interpolate(x, scale_factor=2.5, mode='nearest-exact')", (2, 3, 4)),
    ("F.pad(x, (0, 0, 2, 1), mode='reflect')", (2, 3, 5, 6)),
    ("torch.flatten(x, 1)", (2, 3, 4, 5)),
    ("torch.flatten(x)", (2, 3, 4)),
    ("x.flatten(1, 2)", (2, 3, 4, 5)),
    ("x.flatten(start_dim=-2)", (2, 3, 4, 5)),
])
def test_functional_edges(expr, shape):
    check(expr_case(expr), inputs=[randn(*shape)])


def test_flatten_after_channels_last_layer():
    """torch.flatten must see the source's (N, C, H, W) order even after a channels-last conv."""
    src = expr_case("torch.flatten(F.max_pool2d(self.conv(x), 2), 1)",
                    init="self.conv = nn.Conv2d(3, 4, 3)")
    check(src, inputs=[randn(2, 3, 8, 8)])


@pytest.mark.parametrize("ctor, shape", [
    ("nn.LPPool2d(2, 3, 2)", (2, 3, 8, 9)),
    ("nn.LPPool2d(2.0, (2, 3))", (2, 3, 8, 9)),
    ("nn.LPPool1d(3, 2, ceil_mode=True)", (2, 3, 9)),                  # partial last window
    ("nn.LPPool2d(1.5, 3, 2, ceil_mode=True)", (2, 3, 8, 8)),
    ("nn.LPPool3d(2, 2)", (1, 2, 4, 5, 4)),
    ("nn.LPPool2d(float('inf'), 2, ceil_mode=True)", (2, 3, 5, 7)),
    ("nn.ChannelShuffle(2)", (2, 6, 3, 4)),
    ("nn.ChannelShuffle(3)", (2, 6, 5)),
    ("nn.Unfold(2)", (2, 3, 4, 6)),
    ("nn.Unfold((2, 3), dilation=(2, 1), padding=1, stride=(1, 2))", (2, 3, 6, 7)),
    ("nn.Fold((4, 5), 2)", (2, 12, 12)),                                # overlapping windows add up
    ("nn.Fold(output_size=(6, 7), kernel_size=(2, 3), dilation=2, padding=1, stride=(1, 2))", (2, 12, 18)),
    ("nn.Sequential(nn.Conv2d(3, 6, 3), nn.ChannelShuffle(3), nn.LPPool2d(2, 2), nn.ReLU())", (2, 3, 8, 8)),
])
def test_new_layers(ctor, shape):
    x = randn(*shape)
    if "LPPool" in ctor and ("1.5" in ctor or "(3" in ctor):
        x = np.abs(x)        # odd/fractional p: negative window sums give nan on both sides
    check(layer_case(ctor), inputs=[x])


@pytest.mark.parametrize("expr, shape", [
    ("F.lp_pool2d(x, 2, 2)", (2, 3, 8, 9)),
    ("F.lp_pool1d(x.abs(), 3.0, 3, stride=2, ceil_mode=True)", (2, 3, 8)),
    ("F.lp_pool3d(x, 2, (1, 2, 2))", (1, 2, 4, 5, 4)),
    ("F.lp_pool2d(torch.relu(x), 2, 2, ceil_mode=True)", (2, 3, 5, 7)),
    ("F.channel_shuffle(x, 2)", (2, 6, 3, 4)),
    ("torch.channel_shuffle(x + 1, 3)", (2, 6, 3, 4)),
    ("F.unfold(x, 3, dilation=2, stride=(1, 2))", (2, 3, 7, 8)),
    ("F.unfold(x * 2, kernel_size=2, padding=1)", (2, 3, 4, 5)),
    ("F.fold(x + 1, (5, 4), 3, padding=1, stride=2)", (2, 18, 6)),
    ("F.fold(F.unfold(x, 2), x.shape[-2:], 2)", (2, 3, 4, 5)),       # non-literal output_size
    ("F.upsample(x, scale_factor=2)", (2, 3, 4, 5)),
    ("F.upsample(x, size=(7, 9), mode='bilinear', align_corners=False)", (2, 3, 4, 5)),
    ("F.upsample_nearest(x, size=(6, 11))", (2, 3, 4, 5)),
    ("F.upsample_bilinear(x, scale_factor=2)", (2, 3, 4, 5)),   # align_corners=True, as PyTorch
])
def test_new_functions(expr, shape):
    check(expr_case(expr), inputs=[randn(*shape)])


STN = "self.loc = nn.Linear(5, 6)"


@pytest.mark.parametrize("sample", [
    "F.grid_sample(x, grid)",
    "F.grid_sample(x, grid, padding_mode='border', align_corners=False)",
    "F.grid_sample(x, grid, 'bilinear', 'reflection', True)",
    "F.grid_sample(x, grid, mode='nearest', padding_mode='zeros', align_corners=True)",
    "F.grid_sample(x, grid, mode='nearest', padding_mode='reflection')",
])
@pytest.mark.parametrize("align", [False, True])
def test_spatial_transformer(sample, align):
    """affine_grid + grid_sample as in PyTorch's STN tutorial; theta scaled to sample outside too."""
    body = (f"theta = 1.5 * self.loc(x[:, 0, 0, :5]).view(-1, 2, 3)\n"
            f"        grid = F.affine_grid(theta, x.size(), align_corners={align})\n"
            f"        return {sample}, grid")
    src = expr_case("None", init=STN).replace("return None", body)
    check(src, inputs=[randn(2, 3, 6, 7)])


def test_grid_sample_given_grid():
    check(expr_case("F.grid_sample(x, g, align_corners=True)", "x, g"),
          inputs=[randn(2, 3, 5, 6), 1.2 * randn(2, 4, 3, 2)])


@pytest.mark.target("flax")
@pytest.mark.parametrize("src, message", [
    (layer_case("nn.ConvTranspose2d(4, 4, 3, groups=g)", prelude="g = 2"), "groups"),
    (layer_case("nn.MaxPool2d(2, return_indices=True)"), "return_indices"),
    (expr_case("F.max_pool1d(x, 2, return_indices=True)"), "return_indices"),
    (layer_case("nn.AdaptiveMaxPool2d(2, return_indices=True)"), "return_indices"),
    (expr_case("F.interpolate(x, scale_factor=2, mode='area')"), "area"),
    (layer_case("nn.LPPool2d(p, 2)", prelude="p = 2"), "norm_type"),
    (expr_case("F.lp_pool2d(x, 0, 2)"), "norm_type"),
    (expr_case("F.grid_sample(x, x, mode='bicubic')"), "bicubic"),
    (expr_case("F.grid_sample(x, x, align_corners=a)").replace("forward(self, x)", "forward(self, x, a)"),
     "align_corners"),
])
def test_unsupported(src, message):
    issues = nnport.convert(src, to="flax", source="torch").issues
    assert any(message in d.message for d in issues), [d.message for d in issues]


@pytest.mark.target("flax")
def test_helper_matches_torch_directly():
    """The helper class itself (as copied into translations) against torch, weights set by hand."""
    import jax.numpy as jnp
    import torch
    from flax import nnx
    from nnport.frameworks.flax.support.spatial2 import GroupedConvTranspose
    torch.manual_seed(0)
    t = torch.nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2)
    pads = [(1, 2), (1, 2)]
    f = GroupedConvTranspose(6, 4, (3, 3), (2, 2), padding=pads, groups=2, rngs=nnx.Rngs(0))
    f.kernel[...] = jnp.asarray(t.weight.detach().numpy().transpose(2, 3, 1, 0))
    f.bias[...] = jnp.asarray(t.bias.detach().numpy())
    x = randn(2, 6, 4, 5)
    ref = t(torch.from_numpy(x)).detach().numpy()
    got = np.moveaxis(np.asarray(f(jnp.asarray(np.moveaxis(x, 1, -1)))), -1, 1)
    assert ref.shape == got.shape
    assert np.abs(ref - got).max() <= 1e-5 * np.abs(ref).max()
