"""torch layers: norm."""
