"""flax layers: recurrent."""
