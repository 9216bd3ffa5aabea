# Two commands on a fresh clone:  make demo  and  make test.
# Each creates the virtual environment it needs (.venv) and installs into it.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= data/sample

.PHONY: demo test eval schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## demo: install, then the batch run over the sample corpus (Parquet tables in out/sample)
##       and one of its texts shown with what was found in it
demo: $(VENV)/.installed
	$(BIN)/ruevents extract $(SAMPLE) --dates $(SAMPLE)/dates.csv -o out/sample --overwrite
	$(BIN)/ruevents show $(SAMPLE)/06_putin_aliev_baku.txt

## test: install with dev extras, then run the test suite
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

## eval: every quality figure (public corpora in ../shared, our gold corpus)
eval: $(VENV)/.installed
	$(BIN)/ruevents eval ner
	$(BIN)/ruevents eval names
	$(BIN)/ruevents eval events --annotated data/annotated --nerel ../shared/corpora/nerel-1.1/dev
	$(BIN)/ruevents eval facts

## schema: regenerate the published JSON Schema of a record
schema: $(VENV)/.installed
	$(BIN)/ruevents schema -o docs/schema/document.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist src/*.egg-info
