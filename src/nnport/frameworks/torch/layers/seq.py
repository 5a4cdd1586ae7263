"""torch layers: embeddings (nn.Embedding, nn.EmbeddingBag, their from_pretrained) and nn.Transformer.
Recurrent, attention and transformer-layer entries are in recurrent.py and attention.py.

`weight` is (num_embeddings, embedding_dim): axis labels "num,dim". Arguments that only change
gradients or storage: `sparse` (ignored, no numerical effect); `scale_grad_by_freq`, `_freeze`,
`max_norm` (renormalises the weight in place at lookup) and `_weight` are read, and the Flax entries
report what they cannot translate.
"""
from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers._registry import FACTORY, layer

EMBED_WEIGHTS = {"weight": W("weight", "num,dim")}

layer("torch.nn.Embedding", "embedding",
      "num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, "
      "scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None",
      ignore=FACTORY + ("sparse",), weights=EMBED_WEIGHTS)

layer("torch.nn.EmbeddingBag", "embedding_bag",
      "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
      "mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, "
      "device=None, dtype=None",
      ignore=FACTORY + ("sparse",), weights=EMBED_WEIGHTS)

# Class methods building the same layers from a weight tensor (frozen by default).
layer("torch.nn.Embedding.from_pretrained", "embedding_pretrained",
      "embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, "
      "sparse=False", ignore=("sparse",), weights=EMBED_WEIGHTS)
layer("torch.nn.EmbeddingBag.from_pretrained", "embedding_bag_pretrained",
      "embeddings, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', "
      "sparse=False, include_last_offset=False, padding_idx=None", ignore=("sparse",), weights=EMBED_WEIGHTS)

layer("torch.nn.Transformer", "transformer",
      "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, "
      "activation=F.relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, "
      "norm_first=False, bias=True, device=None, dtype=None", ignore=FACTORY,
      notes="no weights of its own: its children (encoder.layers.0.self_attn, ...) go by path")
