"""flax layers: conv."""
