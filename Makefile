# nnport developer tasks. `make demo` and `make test` create .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.nnport-stamp
# A second, torch-only interpreter: the source side of `nnport verify --source-python` in the
# two-interpreter test (the target side runs in .venv). About 1 GB, ~1 minute the first time.
TORCH_VENV  := build/venv-torch
TORCH_STAMP := $(TORCH_VENV)/.nnport-stamp
TORCH_PINS  := torch==2.13.0 numpy==2.4.6 safetensors==0.8.0 libcst==1.9.0
# MXNet Gluon 1.9.1 needs numpy<1.24, so it has an interpreter of its own (with torch, the usual
# other side of a conversion): tests/gluon and tests/frameworks_mxnet (the entry tests of
# tests/frameworks with Gluon as the target) run there. About 1 GB, ~40 s the first time.
MX_VENV     := .venv-mxnet
MX_STAMP    := $(MX_VENV)/.nnport-stamp
MX_PINS     := mxnet==1.9.1 numpy==1.23.5 torch==2.13.0 safetensors==0.8.0 libcst==1.9.0 pytest==9.2.0 pytest-xdist==3.8.0

# The benchmark corpus: the model sources of `transformers`, unpacked from its wheel into build/ (no venv
# gets the package). About 13 MB download, 1.2 M lines.
BENCH_CORPUS := build/bench-corpus
TRANSFORMERS_PIN := transformers==5.23.0

.PHONY: venv verify-venv mxnet-venv test demo bench bench-corpus clean distclean

venv: $(STAMP)

verify-venv: $(TORCH_STAMP)

mxnet-venv: $(MX_STAMP)

$(MX_STAMP): pyproject.toml
	test -x $(MX_VENV)/bin/python || $(PYTHON) -m venv $(MX_VENV)
	$(MX_VENV)/bin/python -m pip install -q $(MX_PINS)
	$(MX_VENV)/bin/python -m pip install -q --no-deps -e .
	touch $(MX_STAMP)

$(TORCH_STAMP): pyproject.toml
	test -x $(TORCH_VENV)/bin/python || $(PYTHON) -m venv $(TORCH_VENV)
	$(TORCH_VENV)/bin/python -m pip install -q $(TORCH_PINS)
	$(TORCH_VENV)/bin/python -m pip install -q --no-deps -e .
	touch $(TORCH_STAMP)

# Re-run only when pyproject.toml changes; an existing .venv is reused, never recreated.
$(STAMP): pyproject.toml
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --upgrade pip; }
	$(PY) -m pip install -e '.[frameworks,dev]'
	touch $(STAMP)

test: venv verify-venv mxnet-venv
	$(PY) -m pytest -n 2 -q
	$(MX_VENV)/bin/python -m pytest -n 2 -q tests/gluon tests/frameworks_mxnet

demo: venv
	$(PY) examples/demo.py

bench-corpus: $(BENCH_CORPUS)/.stamp

$(BENCH_CORPUS)/.stamp: | venv
	mkdir -p $(BENCH_CORPUS)
	$(PY) -m pip download -q --no-deps $(TRANSFORMERS_PIN) -d $(BENCH_CORPUS)
	$(PY) -m zipfile -e $(BENCH_CORPUS)/$(subst ==,-,$(TRANSFORMERS_PIN))-py3-none-any.whl $(BENCH_CORPUS)
	touch $@

bench: venv bench-corpus
	$(PY) benchmarks/bench_convert.py
	$(PY) benchmarks/bench_project.py
	$(PY) -m nnport scan $(BENCH_CORPUS)/transformers/models --format md --top 60 --force -o build/scan-transformers.md

clean:
	rm -rf build dist .pytest_cache .hypothesis src/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(MX_VENV)
