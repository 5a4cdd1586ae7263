"""torch functions: indexing."""
