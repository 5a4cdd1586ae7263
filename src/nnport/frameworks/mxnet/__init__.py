"""MXNet Gluon 1.9 (issue 5): so far its run-time support only (runtime.py: weights and verify in an
interpreter that has mxnet, `.venv-mxnet`); no translation tables yet, so `frameworks.get("mxnet")`
still says it is not supported."""
