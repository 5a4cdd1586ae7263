"""flax layers: transposed convolutions (nnx.Conv is in basic.py)."""
from nnport.frameworks.flax import conv as _conv
from nnport.frameworks.flax.layers._registry import layer
from nnport.frameworks.spec import W

layer("flax.nnx.ConvTranspose", "conv_transpose", _conv.CONV_TRANSPOSE_SIG, _conv.emit_conv_transpose,
      layout="channels_last", call=_conv.conv_transpose_call,
      weights={"kernel": W("weight", "*s,out,in"), "bias": W("bias", "out")})
