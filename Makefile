# The README's two commands: `make run` and `make test`. Both set everything up first.
VENV ?= .venv
PYTHON ?= python3
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test install lint bench clean

run: $(STAMP)
	$(VENV)/bin/dhr-bot run

test: $(STAMP)
	$(VENV)/bin/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=python3.12 or similar."; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || \
	  { echo "Python's venv module is missing: install python3-venv (Debian/Ubuntu)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[postgres,dev,devkit]'
	rm -f $(VENV)/.installed-*
	touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The side-by-side load bench (bench/bench_load.py): bare Bolt app vs the bot, imports, the
# weekly summary, the command line, worker RSS. PostgreSQL too when BENCH_POSTGRES_URL is set
# (a server where the h4_bench* databases may be created and dropped).
BENCH_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
bench: $(STAMP)
	PYTHONPATH=. $(VENV)/bin/python bench/bench_load.py --postgres '$(BENCH_POSTGRES_URL)'

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
