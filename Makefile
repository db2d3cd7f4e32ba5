# One command per task. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 2

.PHONY: run serve test test-fast lint validate-data bench slides screenshots load clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## run the dashboard on http://127.0.0.1:$(PORT)
	$(PY) -m streamlit run app.py --server.port $(PORT)

serve: $(VENV)/.runtime  ## REPLICAS Streamlit processes behind nginx on http://127.0.0.1:$(PORT) (apt-get install nginx)
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "make serve needs nginx: apt-get install nginx (or use make run for one process)" >&2; exit 1; }
	$(PY) scripts/serve.py --replicas $(REPLICAS) --port $(PORT)

test: $(VENV)/.dev lint  ## lint and type check, then the whole test suite: data, unit, app and browser tests
	$(PY) -m pytest

test-fast: $(VENV)/.dev  ## everything but the browser tests
	$(PY) -m pytest -m "not browser"

validate-data: $(VENV)/.dev  ## schema and curation rules of data/
	$(PY) scripts/check_curation.py

bench: $(VENV)/.dev  ## page run times at 1x, 100x, 1000x; cold start; time to first chart
	$(PY) scripts/benchmark.py

slides: $(VENV)/.dev  ## PNG and SVG of every main figure, with an index (FILTERS="years=1939-1945")
	$(PY) scripts/slide_kit.py --out slides $(if $(FILTERS),--filters "$(FILTERS)",)

screenshots: $(VENV)/.dev  ## every page at 1280x720 and 1920x1080, light and dark, into docs/screenshots
	$(PY) scripts/screenshots.py

load: $(VENV)/.dev  ## 30 websocket readers for a minute: the dashboard and the floor app side by side (LOAD_REPLICAS=1,2 adds nginx)
	$(PY) scripts/load_test.py --replicas $(or $(LOAD_REPLICAS),1)

clean:
	rm -rf $(VENV) artifacts slides .pytest_cache

lint: $(VENV)/.dev  ## ruff (lint and format check) and mypy, configured in pyproject.toml
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
