"""PyTorch layer-family uses the Gluon target refuses, with the reason in the diagnostic (nothing is
translated silently wrong)."""
from __future__ import annotations

import pytest

import nnport
from harness import expr_case, layer_case

_W = "self.w = nn.Parameter(torch.ones(4))"


@pytest.mark.parametrize("src, message", [
    (layer_case("nn.BatchNorm2d(3, momentum=None)"), "momentum=None"),
    (layer_case("nn.BatchNorm2d(3, track_running_stats=t)", prelude="t = True"), "track_running_stats"),
    (layer_case("nn.Conv2d(3, 4, 3, padding=p, padding_mode='reflect')", prelude="p = 1"), "padding_mode"),
    (layer_case("nn.ConvTranspose2d(3, 4, 3, padding_mode='reflect')"), "padding_mode"),
    (layer_case("nn.MaxPool2d(2, return_indices=True)"), "return_indices"),
    (layer_case("nn.AdaptiveMaxPool2d(2, return_indices=True)"), "return_indices"),
    (layer_case("nn.MaxPool2d(2, padding=p)", prelude="p = 1"), "padding"),
    (layer_case("nn.LPPool2d(p, 2)", prelude="p = 2"), "norm_type"),
    (expr_case("F.lp_pool2d(x, 0, 2)"), "norm_type"),
    (layer_case("nn.Upsample(scale_factor=2, mode='bicubic')"), "bicubic"),
    (layer_case("nn.Upsample(scale_factor=1.5, recompute_scale_factor=True)"), "recompute_scale_factor"),
    (expr_case("F.interpolate(x, scale_factor=0.5, mode='bilinear', antialias=True)"), "antialias"),
    (expr_case("F.interpolate(x, scale_factor=2, mode='area')"), "area"),
    (expr_case("F.pad(x, (-1, 1))"), "negative"),
    (expr_case("F.pad(x, (1, 1), mode=m)").replace("forward(self, x)", "forward(self, x, m)"), "mode"),
    (expr_case("F.batch_norm(x, self.w, self.w, training=True)", init=_W), "in place"),
    (expr_case("F.instance_norm(x, self.w, self.w)", init=_W), "running statistics"),
    (expr_case("F.grid_sample(x, x, mode='bicubic')"), "bicubic"),
])
def test_unsupported(src, message):
    issues = nnport.convert(src, to="mxnet", source="torch").issues
    assert any(message in d.message for d in issues), [d.message for d in issues]
