"""flax functions: loss."""
