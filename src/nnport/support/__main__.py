"""`python -m nnport.support [--format md|json] [--tables-only]`: `nnport support`, the matrix on stdout."""
from __future__ import annotations

import sys

from nnport import cli

if __name__ == "__main__":
    sys.exit(cli.main(["support", *sys.argv[1:]]))
