"""keras functions, spatial family (second file): F.lp_poolNd, F.channel_shuffle, F.unfold, F.fold
through the layer emitters of keras/layers/spatial2.py (support helpers on (N, C, *spatial));
Tensor.unfold (windows along one axis) through support/spatial.py; F.affine_grid and F.grid_sample:
the shared table of frameworks/sampling_functions.py."""
from __future__ import annotations

from nnport.frameworks import sampling_functions
from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.functions.spatial import _function
from nnport.frameworks.keras.layers import spatial2
from nnport.frameworks.keras.layers.pool import lit
from nnport.frameworks.keras.support import helper
from nnport.translate.emit import call

fn("lp_pool", "lp_pool", _function(spatial2.lp_pool))
fn("channel_shuffle", "channel_shuffle", _function(spatial2.channel_shuffle))
fn("im2col", "im2col", _function(spatial2.im2col))
fn("col2im", "col2im", _function(spatial2.col2im))
fn("unfold_dim", "unfold_dim",
   lambda c, ctx: call(helper(ctx, "spatial", "unfold_dim"), "{input}", "{dimension}", "{size}", "{step}")(c, ctx))
sampling_functions.register(fn, helper, lit)
