"""torch layers: spatial."""
