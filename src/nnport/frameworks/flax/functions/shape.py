"""flax functions: shape."""
