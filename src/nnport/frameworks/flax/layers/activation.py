"""flax layers: activation."""
