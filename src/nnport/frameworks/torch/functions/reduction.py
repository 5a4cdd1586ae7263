"""torch functions: reduction."""
