"""torch functions: nn_functional."""
