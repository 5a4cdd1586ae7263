"""flax layers: embedding."""
