"""torch functions: math."""
