# make demo  — juega una semana de una oficina de prensa en la terminal
# make test  — corre las pruebas (SQLite; PostgreSQL también si ASISTENTE_TEST_PG tiene una URL)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SELLO := $(VENV)/.instalado

.PHONY: demo test bench tipos limpiar

$(SELLO): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgresql]'
	touch $(SELLO)

demo: $(SELLO)
	$(BIN)/asistente demo

test: $(SELLO)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

tipos: $(SELLO)
	$(BIN)/python -m mypy

bench: $(SELLO)
	$(BIN)/python -m bench

limpiar:
	rm -rf $(VENV) build *.egg-info
