# The two commands of the README: `make run` and `make test`. Both set up .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/chidao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# The two readers compiled with mypyc (chidao.nlp.native): rebuilt when a source they depend on changes. A failed
# build is no failed install: the Python readers run, the same output, slower.
NATIVE := tasks/chidao/nlp/_native/manifest.json
NATIVE_SOURCES := $(shell find tasks/chidao/nlp tasks/chidao/config tasks/chidao/core -name '*.py')
$(NATIVE): $(BIN)/chidao $(NATIVE_SOURCES)
	$(BIN)/python -m chidao.nlp.native_build || echo "chidao: the Python readers run (see the message above)"

.PHONY: install run test lint
install: $(BIN)/chidao $(NATIVE)

run: install
	$(BIN)/chidao run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n auto --dist loadgroup
