"""Corpus models that do not convert to an equivalent Flax model yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
}
