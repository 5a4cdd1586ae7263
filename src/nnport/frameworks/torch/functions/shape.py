"""torch functions: shape."""
