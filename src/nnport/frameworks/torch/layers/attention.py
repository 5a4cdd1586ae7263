"""torch layers: attention and transformers."""
from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

layer("torch.nn.MultiheadAttention", "multihead_attention",
      "embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None,"
      " vdim=None, batch_first=False, device=None, dtype=None", ignore=FACTORY,
      weights={"in_proj_weight": W("in_proj_weight", "out,in"), "in_proj_bias": W("in_proj_bias", "out"),
               "q_proj_weight": W("q_proj_weight", "out,in"), "k_proj_weight": W("k_proj_weight", "out,in"),
               "v_proj_weight": W("v_proj_weight", "out,in"),
               "bias_k": W("bias_k", "1,1,out"), "bias_v": W("bias_v", "1,1,out")},
      notes="out_proj is a child Linear; its weights go by path")

# activation: the string 'relu' or 'gelu', or a function (the default F.relu)
_LAYER = ("d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-05,"
          " batch_first=False, norm_first=False, bias=True, device=None, dtype=None")
layer("torch.nn.TransformerEncoderLayer", "transformer_encoder_layer", _LAYER, ignore=FACTORY)
layer("torch.nn.TransformerDecoderLayer", "transformer_decoder_layer", _LAYER, ignore=FACTORY)
layer("torch.nn.TransformerEncoder", "transformer_encoder",
      "encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True",
      ignore=("enable_nested_tensor", "mask_check"),
      notes="enable_nested_tensor is a speed option (see the flax entry for its one visible effect)")
layer("torch.nn.TransformerDecoder", "transformer_decoder", "decoder_layer, num_layers, norm=None")
