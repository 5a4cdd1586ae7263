"""flax functions: indexing."""
