"""torch functions: loss."""
