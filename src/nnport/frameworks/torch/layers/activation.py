"""torch layers: activation."""
