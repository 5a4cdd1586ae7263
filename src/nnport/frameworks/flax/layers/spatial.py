"""flax layers: spatial."""
