"""torch layers: embedding."""
