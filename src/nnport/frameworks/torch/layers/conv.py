"""torch layers: conv."""
