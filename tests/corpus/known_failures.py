"""Corpus models that do not convert to an equivalent Flax model yet, with the reason (data, not ifs)."""
KNOWN_FAILURES: dict[str, str] = {}
