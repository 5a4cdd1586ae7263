"""The framework-neutral vocabulary: canonical ops, their arguments, layout roles and weights."""
