"""torch layers: Bilinear. (nn.Embedding and nn.EmbeddingBag are in seq.py.)"""
from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

layer("torch.nn.Bilinear", "bilinear", "in1_features, in2_features, out_features, bias=True, device=None,"
      " dtype=None", ignore=FACTORY, weights={"weight": W("weight", "out,in1,in2"), "bias": W("bias", "out")})
