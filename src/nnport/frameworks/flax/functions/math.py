"""flax functions: math."""
