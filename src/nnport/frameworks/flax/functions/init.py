"""flax functions: init."""
