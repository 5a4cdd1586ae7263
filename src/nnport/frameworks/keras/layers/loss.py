"""keras layers: not translated yet (the ops of this family are reported)."""
