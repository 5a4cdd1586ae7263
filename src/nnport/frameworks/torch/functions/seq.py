"""torch functions: embeddings (F.embedding, F.embedding_bag; `sparse` only picks the gradient's
storage: ignored), nn.Transformer.generate_square_subsequent_mask, nn.utils.rnn.pad_sequence."""
from nnport.frameworks.torch.functions._registry import fn

fn("torch.nn.functional.embedding", "embedding",
   "input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False",
   ignore=("sparse",))
fn("torch.nn.functional.embedding_bag", "embedding_bag",
   "input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', "
   "sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None",
   ignore=("sparse",))
fn("torch.nn.Transformer.generate_square_subsequent_mask", "square_subsequent_mask",
   "sz, device=None, dtype=None", ignore=("device",))
fn("torch.nn.utils.rnn.pad_sequence", "pad_sequence",
   "sequences, batch_first=False, padding_value=0.0, padding_side='right'")
