"""flax functions: embeddings and sequence utilities, the shared table of frameworks/seq_functions.py.
F.embedding -> jnp.take (a plain row lookup); F.embedding_bag and pad_sequence -> helper functions
from support/seq.py; nn.Transformer.generate_square_subsequent_mask -> jnp.triu of -inf; F.bilinear
-> jnp.einsum."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.layers.seq import refuse
from nnport.frameworks.flax.support import helper
from nnport.frameworks.seq_functions import register

register(fn, helper, "jnp", refuse)
