"""`python -m nnport ...` is the `nnport` command."""
from nnport.cli import main

raise SystemExit(main())
