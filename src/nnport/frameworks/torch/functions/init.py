"""torch functions: init."""
