"""flax layers: norm."""
