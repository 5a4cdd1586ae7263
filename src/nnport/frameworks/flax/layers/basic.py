"""Pivot ops -> Flax NNX layers (Flax as a target)."""
from __future__ import annotations

from nnport.frameworks.flax import conv as _conv
from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.spec import W
from nnport.translate.emit import call




LINEAR_SIG = ("self, in_features, out_features, *, use_bias=True, dtype=None, param_dtype=jnp.float32,"
              " precision=None, kernel_init=default_kernel_init, bias_init=default_bias_init,"
              " dot_general=lax.dot_general, promote_dtype=dtypes.promote_dtype,"
              " preferred_element_type=None, rngs, kernel_metadata=MappingProxyType({}),"
              " bias_metadata=MappingProxyType({})")
layer("flax.nnx.Linear", "linear", LINEAR_SIG,
      call("nnx.Linear", "{in_features}", "{out_features}", use_bias="{bias}", sig=LINEAR_SIG),
      weights={"kernel": W("weight", "in,out"), "bias": W("bias", "out")})

layer("flax.nnx.Conv", "conv", _conv.CONV_SIG, _conv.emit_conv, layout="channels_last",
      weights={"kernel": W("weight", "*s,in,out"), "bias": W("bias", "out")})

layer("jax.nn.relu", "relu", None, lambda c, ctx: "jax.nn.relu")
layer("flatten", "flatten", None, lambda c, ctx: _conv.flatten_fn(c, ctx))
