"""MXNet Gluon as a source: reader tables (Gluon API -> pivot op with canonical arguments)."""
