"""keras layers: transposed convolutions (ConvNd are in basic.py)."""
from nnport.frameworks.keras import conv as _conv
from nnport.frameworks.keras.layers._registry import layer
from nnport.frameworks.spec import W

for _n in (1, 2, 3):
    layer(f"keras.layers.Conv{_n}DTranspose", "conv_transpose", _conv.CONV_T_SIGS[_n], _conv.emit_conv_transpose,
          call=_conv.conv_transpose_call, weights={"kernel": W("weight", "*s,out,in"), "bias": W("bias", "out")})
