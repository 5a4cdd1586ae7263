"""flax functions: nn_functional."""
