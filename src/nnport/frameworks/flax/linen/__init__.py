"""Flax Linen as a source: a pure-LibCST rewrite of Linen modules into Flax NNX modules (rewrite.py),
with layer input sizes from one recorded run of the Linen model (sizes.py, imports flax lazily) and
the move of a Linen variables dict into the rewritten NNX model (transfer.py)."""
