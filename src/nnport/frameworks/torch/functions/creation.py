"""torch functions: creation."""
