"""flax functions: creation."""
