# nnport developer tasks. `make demo` and `make test` create .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.nnport-stamp

.PHONY: venv test demo bench clean distclean

venv: $(STAMP)

# Re-run only when pyproject.toml changes; an existing .venv is reused, never recreated.
$(STAMP): pyproject.toml
	test -x $(PY) || { $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --upgrade pip; }
	$(PY) -m pip install -e '.[frameworks,dev]'
	touch $(STAMP)

test: venv
	$(PY) -m pytest -n 2 -q

demo: venv
	$(PY) examples/demo.py

bench: venv
	$(PY) benchmarks/bench_convert.py

clean:
	rm -rf build dist .pytest_cache .hypothesis src/*.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
