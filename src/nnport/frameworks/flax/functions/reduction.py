"""flax functions: reduction."""
