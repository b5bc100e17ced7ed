# clauserules — two set-up commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint typecheck pytest docs catalogue bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (clauserules needs Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,docs,web]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/clauserules eligibility examples/personnes.yaml --at 2026-11-22 --format text
	$(BIN)/clauserules generate examples/consultation.yaml --out out

serve: $(STAMP)
	$(BIN)/clauserules serve --database out/clauserules-web.sqlite3 --examples examples

lint: $(STAMP)
	$(BIN)/ruff check clauserules tests benchmarks tools
	$(BIN)/ruff format --check clauserules tests benchmarks tools
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: lint typecheck pytest docs

# The rule catalogue (docs/regles): one page per rule, with the YAML cases that exercise it.
catalogue: $(STAMP)
	$(BIN)/python tools/catalogue.py docs/regles --cases tests/cases

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis out site
