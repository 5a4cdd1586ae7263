"""flax layers: pool."""
