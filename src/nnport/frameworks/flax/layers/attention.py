"""flax layers: attention."""
