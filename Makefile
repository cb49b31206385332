# `make run` re-runs the whole analysis; `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

# Quieter TensorFlow, and the same hash seed in every process.
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

.DEFAULT_GOAL := help
.PHONY: help setup graphviz data run notebooks retrain html test test-package test-notebooks benchmark clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

setup: $(INSTALLED) graphviz ## create .venv from requirements.txt and install Graphviz

graphviz: ## install Graphviz's `dot` (for keras.utils.plot_model) where apt-get allows
	@command -v dot >/dev/null && exit 0; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Graphviz with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	elif command -v apt-get >/dev/null && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	else \
	  echo "Graphviz's dot is missing and cannot be installed here: install the graphviz package by hand" \
	       "(apt-get install graphviz, brew install graphviz); the architecture diagram needs it." >&2; exit 1; \
	fi

data: $(INSTALLED) ## build data/train.csv, test.csv, test_labels.csv from MNIST (keeps your own CSVs)
	$(BIN)/python -m digits data

run: setup data notebooks ## re-run the whole analysis

notebooks: setup data ## execute every notebook in place, with the committed models
	@for notebook in $(NOTEBOOKS); do \
	  echo "== $$notebook"; \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=1800 $$notebook || exit 1; \
	done

test: setup data test-package test-notebooks ## run every test: the package (pytest) and the notebooks (nbval)

test-package: $(INSTALLED)
	$(BIN)/python -m pytest tests

test-notebooks: setup data
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=1800 notebooks

benchmark: setup data ## measure loading and training speed (figures go to benchmarks/README.md by hand)
	$(BIN)/python benchmarks/bench_loading.py

clean: ## remove the virtual environment and build outputs (keeps data and models)
	rm -rf $(VENV) build .pytest_cache
