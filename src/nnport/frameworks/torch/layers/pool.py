"""torch layers: pool."""
