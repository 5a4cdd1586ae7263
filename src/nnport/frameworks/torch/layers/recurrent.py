"""torch layers: recurrent."""
