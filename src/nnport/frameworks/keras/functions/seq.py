"""keras functions: embeddings and sequence utilities, the shared table of frameworks/seq_functions.py.
F.embedding -> ops.take (a plain row lookup); F.embedding_bag -> support/embedding.py's helper;
pad_sequence -> support/seq.py's; nn.Transformer.generate_square_subsequent_mask -> ops.triu of -inf;
F.bilinear -> ops.einsum."""
from __future__ import annotations

from nnport.frameworks.keras.functions._registry import fn
from nnport.frameworks.keras.layers.seq import refuse
from nnport.frameworks.keras.support import helper
from nnport.frameworks.seq_functions import register

register(fn, helper, "ops", refuse, bag_family="embedding", inf="math.inf")
