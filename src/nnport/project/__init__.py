"""Whole projects: `nnport convert SRC_DIR --out-dir DST` (run.py) and `nnport scan PATH` (scan.py).

files.py walks a source tree and sorts its files (Python, notebooks, files copied as they are);
notebook.py reads and writes Jupyter notebooks; worker.py converts one file (in the process pool of
pool.py); cache.py keeps what an earlier run wrote (and journals each write); report.py renders the project report; progress.py is the
terminal progress bar. Nothing here imports a deep-learning framework.
"""
