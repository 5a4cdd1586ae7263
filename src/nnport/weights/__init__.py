"""Weight transfer driven by the tables' weight layouts; checkpoint formats."""
