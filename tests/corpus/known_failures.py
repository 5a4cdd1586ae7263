"""Corpus models that do not convert to an equivalent model of a target yet, with the reason (data, not ifs).

Each one stops at a `# nnport:` diagnostic — a construct reported, never silently mistranslated.
"""
KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> Keras: the Keras target is young; each entry goes when the model passes (strict xfail)
KERAS_KNOWN_FAILURES: dict[str, str] = {
}

# PyTorch -> MXNet Gluon (tests/gluon/test_corpus.py, run in .venv-mxnet)
MXNET_KNOWN_FAILURES: dict[str, str] = {
}
