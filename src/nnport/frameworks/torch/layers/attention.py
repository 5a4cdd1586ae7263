"""torch layers: attention."""
