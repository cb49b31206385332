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
.PHONY: help setup graphviz chromium data lab run estimate retrain notebooks html results test test-package test-notebooks benchmark design-study full-budget-study low-resolution-study handwriting-study robustness-study continental-ones-study recipes accuracy-steps ensemble folds verifier reader studies lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

# uv installs the same pinned versions as pip, from the same index, in a tenth of the time
# (11-24 s against 113 s for requirements.txt on a 2-core machine); pip stays in .venv for you.
# Compiled to bytecode as it installs (pip does this, uv does not by default): where Python may not
# write bytecode itself (PYTHONDONTWRITEBYTECODE, set on many CI machines and containers), every
# process would otherwise compile TensorFlow's 3,600 modules again: 14.6 s to import the stack
# against 5.7 s on a 2-core Zen 4, for each notebook kernel and command. Installing takes 20 s.
UV_VERSION := 0.13.9
# Debian and Ubuntu ship Python's venv module (and its ensurepip) as a package of their own.
VENV_BY_HAND := $(PYTHON) cannot create a virtual environment: its venv module is missing. Install it \
  (Debian/Ubuntu: sudo apt-get install python3-venv, or python3.X-venv for your version) and run make again.
$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { echo "$(VENV_BY_HAND)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $@

# A plain `jupyter nbconvert --to html` run from .venv renders with the pages' template, which keeps
# each figure's alternative text (digits.reports.html_site.install_nbconvert_config).
HTML_TEMPLATE := src/digits/reports/templates/html_with_alt.html.j2
NBCONVERT_CONFIG := $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
$(NBCONVERT_CONFIG): $(INSTALLED) $(HTML_TEMPLATE)
	$(BIN)/python -c "from digits.reports.html_site import install_nbconvert_config; install_nbconvert_config()"

setup: $(INSTALLED) $(NBCONVERT_CONFIG) graphviz ## create .venv from requirements.txt; install Graphviz where it can

# $(call apt_install,FOUND,PACKAGE,MESSAGE): unless the shell test FOUND succeeds, install PACKAGE
# with apt-get as root or through password-less sudo; elsewhere print MESSAGE (what to install by
# hand) and go on: only the diagrams need Graphviz, only the browser tests a browser.
define apt_install
	@$(1) >/dev/null 2>&1 && exit 0; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing $(2) with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	elif command -v apt-get >/dev/null && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	else \
	  echo "$(3)" >&2; \
	fi
endef
GRAPHVIZ_BY_HAND := Graphviz's dot is missing and cannot be installed here: the architecture diagrams will say so \
  and everything else runs. To draw them, install Graphviz (sudo apt-get install graphviz; brew install graphviz).
BROWSER_FINDER := tests/browser/find_browser.py

graphviz: ## install Graphviz's `dot` (for keras.utils.plot_model) where apt-get allows
	$(call apt_install,command -v dot,graphviz,$(GRAPHVIZ_BY_HAND))

chromium: $(INSTALLED) ## find a Chromium or Chrome for the browser tests (CHROMIUM=path names one), else install Debian's where apt-get allows
	$(call apt_install,$(BIN)/python $(BROWSER_FINDER),chromium,$$($(BIN)/python $(BROWSER_FINDER) 2>&1))

data: $(INSTALLED) ## build data/train.csv, test.csv, test_labels.csv from MNIST (keeps your own CSVs)
	$(BIN)/python -m digits data

lab: setup data ## open the notebooks in JupyterLab from .venv (it prints the URL to open)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# TensorFlow's C++ start-up notices (timestamps, process ids) go to the terminal, not into the
# committed notebooks; Python warnings are still captured.
KERNEL_WITHOUT_FD_CAPTURE := --NotebookClient.extra_arguments=['--IPKernelApp.capture_fd_output=False']
# Widget state is not stored: it holds random ids, and the HTML pages would then load widget scripts
# from a CDN instead of showing the canvas cell's text.
NO_WIDGET_STATE := --NotebookClient.store_widget_state=False
# Each kernel's start-up notices (TensorFlow's CUDA probe and oneDNN notice, Jupyter's note on local
# TCP) read like failures in the run's log: they are dropped, and every other line of stderr is kept.
KERNEL_NOISE := cuInit|CUDA error|cuda drivers|cudart_stub|oneDNN custom operations|cpu_feature_guard|TF-TRT|Kernel is running over TCP|absl::InitializeLog|computation_placer
TRAINING_NOTEBOOKS := $(filter notebooks/02% notebooks/03% notebooks/04%,$(NOTEBOOKS))
# Notebook 06 shows the ensemble that `make ensemble` trains (hours, not part of make run): it is
# executed only where its members' predictions are stored for the data in data/.
ENSEMBLE_NOTEBOOK := notebooks/06_many_networks.ipynb
# Notebook 07 likewise reads the probabilities of the five networks `make folds` trains.
FOLDS_NOTEBOOK := notebooks/07_labels_and_features.ipynb
TIMINGS := build/timings.txt
RUN_ESTIMATE := $(CURDIR)/build/run_estimate.json
# make run's notebook kernels start with this IPython profile: its start-up file hands training the
# note that says how long the run has left (digits.command_line.progress).
RUN_IPYTHONDIR := $(CURDIR)/build/ipython
RUN_STARTUP := $(RUN_IPYTHONDIR)/profile_default/startup/00-run-progress.py

run: setup data ## re-run the whole analysis from scratch: retrain, execute, render, report
	@mkdir -p build && rm -f $(TIMINGS)
	@if [ -f models/metrics.json ]; then cp models/metrics.json build/committed_metrics.json; fi
	@mkdir -p $(dir $(RUN_STARTUP)) && printf 'from digits.command_line.progress import report_run_progress\nreport_run_progress()\n' > $(RUN_STARTUP)
	@start=$$(date +%s); $(BIN)/python -m digits estimate --save $(RUN_ESTIMATE) || exit 1; \
	  DIGITS_RUN_ESTIMATE=$(RUN_ESTIMATE) IPYTHONDIR=$(RUN_IPYTHONDIR) $(MAKE) --no-print-directory retrain notebooks html results || exit 1; \
	  echo "make run (after set-up and data): $$(( $$(date +%s) - start )) s" | tee -a $(TIMINGS)
	@cat $(TIMINGS)

estimate: setup ## estimate how long make run takes on this machine (about a minute)
	$(BIN)/python -m digits estimate

retrain: setup data ## retrain the notebooks' models (papermill, RETRAIN=True; logs in build/retrain/), then reader_cnn
	@mkdir -p build/retrain
	@for notebook in $(TRAINING_NOTEBOOKS); do \
	  echo "== retraining the models of $$notebook"; start=$$(date +%s); \
	  $(BIN)/papermill $$notebook build/retrain/$$(basename $$notebook) -p RETRAIN True --log-output \
	    --no-progress-bar 2>&1 | grep --line-buffered -E "^(Training|Epoch|[0-9]+/[0-9]+ - |Trained|Loaded)" ; \
	  [ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
	  echo "retrain $$notebook: $$(( $$(date +%s) - start )) s" | tee -a $(TIMINGS); \
	done
	@echo "== retraining reader_cnn from the new best_cnn"; start=$$(date +%s); \
	  $(BIN)/python -m digits reader || exit 1; \
	  echo "retrain reader_cnn: $$(( $$(date +%s) - start )) s" | tee -a $(TIMINGS)

notebooks: setup data ## execute every notebook in place, with the saved models
	@mkdir -p $(dir $(TIMINGS))
	@for notebook in $(NOTEBOOKS); do \
	  if [ $$notebook = $(ENSEMBLE_NOTEBOOK) ] && ! $(BIN)/python -m digits ensemble --check; then \
	    echo "== not executing $$notebook: make ensemble trains its networks on these data (hours)"; continue; fi; \
	  if [ $$notebook = $(FOLDS_NOTEBOOK) ] && ! $(BIN)/python -m digits folds --check; then \
	    echo "== not executing $$notebook: make folds trains its networks on these data (hours)"; continue; fi; \
	  echo "== executing $$notebook"; start=$$(date +%s); \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=3600 \
	    --log-level=WARN "$(KERNEL_WITHOUT_FD_CAPTURE)" $(NO_WIDGET_STATE) $$notebook \
	    2> >(grep -v -E '$(KERNEL_NOISE)' >&2) || exit 1; \
	  echo "execute $$notebook: $$(( $$(date +%s) - start )) s" | tee -a $(TIMINGS); \
	done

html: $(INSTALLED) ## render the notebooks as a site in build/html/ (open index.html; plots embedded)
	$(BIN)/jupyter nbconvert --to html --template-file $(HTML_TEMPLATE) \
	  --output-dir build/html --log-level=WARN $(NOTEBOOKS)
	$(BIN)/python -m digits site build/html

results: $(INSTALLED) ## print the results table; write models/metrics.json and the README table
	$(BIN)/python -m digits results --write --compare build/committed_metrics.json

# The two suites run side by side: alone, each left a core idle much of the time (start-up,
# browsers, plotting), and their results do not depend on the load. Each prints when it ends.
# The portability test (the notebooks' figures under every kernel choice, about 2.5 minutes) runs in
# the package lane: with set-up compiling bytecode the package tests took 3.0 min and the notebooks
# 7.0 min with it (fresh clone, Zen 4, 2026-12-04); moved, 6.4 and 5.4 min, 7 min in all.
test: setup chromium data ## run every test: the package (pytest) and the notebooks (nbval), side by side
	@echo "Running the package tests and the notebook tests side by side; each prints its report when it ends."
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-package test-notebooks

test-package: $(INSTALLED) $(NBCONVERT_CONFIG)
	$(BIN)/python -m pytest tests

test-notebooks: $(INSTALLED)
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=1800 \
	  notebooks

benchmark: setup data ## measure loading, training and inference speed (record in benchmarks/README.md)
	$(BIN)/python benchmarks/bench_loading.py
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_inference.py
	$(BIN)/python benchmarks/bench_ensemble.py
	$(BIN)/python benchmarks/bench_large_image.py
	$(BIN)/python benchmarks/mnist_strokes.py
	$(BIN)/python benchmarks/bench_augmentation.py
	$(BIN)/python benchmarks/elastic_strength.py

design-study: setup data ## notebook 04's design choices and compute curve, on the validation split (about 2 h; resumes)
	$(BIN)/python benchmarks/design_study.py

full-budget-study: setup data ## notebook 04's plan against rotation 10 and elastic distortion (two strengths) at its full budget, 2 seeds each (about 7 h on 2 cores; resumes)
	$(BIN)/python benchmarks/design_study.py --full-budget

handwriting-study: setup ## read the real handwriting of the development set beside the checkout (../shared/handwriting-dev), per part and kind (a minute)
	$(BIN)/python benchmarks/handwriting_study.py

robustness-study: setup ## read the development set as it is and mildly changed (blurred, turned, reduced, as a JPEG...): how steady the reader is (4 min on a 2-core AVX2 Zen 3)
	$(BIN)/python benchmarks/robustness_study.py

continental-ones-study: setup data ## fine-tune best_cnn with synthetic 1s given a long flag, and read the development set with it (16 min on a 2-core AVX2 Zen 3)
	$(BIN)/python benchmarks/continental_ones_study.py

low-resolution-study: setup data ## fine-tune best_cnn on MNIST reduced to 8x8 and read the UCI digits (about 15 min on 2 cores with AVX-512)
	$(BIN)/python benchmarks/low_resolution_study.py

recipes: setup data ## train the public Kaggle recipes, 2 seeds each, scored on the test set (3-4 h on 2 cores)
	$(BIN)/python benchmarks/recipe_runs.py

ensemble: setup data ## train the ensemble's 10 independent networks (best_cnn's plan, seeds from SEED), one by one: hours; resumes
	$(BIN)/python -m digits ensemble

reader: setup data ## train reader_cnn, the network that reads image files: best_cnn fine-tuned with synthetic continental 1s (minutes; make retrain does it too)
	$(BIN)/python -m digits reader

verifier: setup data ## train digit_or_not, which tells a digit from what is not one (train.csv and synthetic non-digits: minutes)
	$(BIN)/python -m digits verifier

accuracy-steps: setup data ## from baseline_cnn to best_cnn one change at a time: the 4 runs the project lacks, scored on the test set (about 75 min on 2 cores; resumes)
	$(BIN)/python benchmarks/accuracy_steps.py

folds: setup data ## train best_cnn's plan on each four fifths of train.csv (5 networks, one by one: hours; resumes), store their out-of-fold probabilities, audit the labels and train cleaned_cnn without the flagged ones
	$(BIN)/python -m digits folds

# The lock keeps every version .venv has (what produced the committed outputs) and adds what a new
# requirement in pyproject.toml needs; --universal writes markers for macOS, Windows and other Pythons.
LOCK_CONSTRAINTS := build/installed_versions.txt
lock: $(INSTALLED) ## write requirements.txt: the full lock of pyproject.toml's packages, at the versions in .venv
	@mkdir -p build
	$(BIN)/uv pip freeze --python $(BIN)/python --exclude-editable | grep -v -E '^(soupsieve)==' > $(LOCK_CONSTRAINTS)
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11 --quiet \
	  --constraints $(LOCK_CONSTRAINTS) --annotation-style line --custom-compile-command "make lock" -o requirements.txt
	sed -i.bak -e 's|-c $(LOCK_CONSTRAINTS), ||; s|, -c $(LOCK_CONSTRAINTS)$$||; s| *# via -c $(LOCK_CONSTRAINTS)$$||' requirements.txt && rm requirements.txt.bak

# Every study whose committed file a notebook reads, one after another; each resumes where it stopped
# and keeps what it has finished. The hours are what each took on the 2-core AVX-512 CPU.
STUDIES := design-study:2 full-budget-study:7 recipes:3.5 ensemble:4.5 folds:2.5 accuracy-steps:1.25 low-resolution-study:0.25
studies: setup data ## re-run every study a notebook reads (design, full budget, Kaggle recipes, ensemble, folds, accuracy steps, low resolution): about 20 h on 2 cores; resumes
	@for study in $(STUDIES); do \
	  name=$${study%%:*}; hours=$${study##*:}; \
	  echo "== make $$name (about $$hours h on 2 AVX-512 cores)"; start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$name || exit 1; \
	  echo "make $$name: $$(( ($$(date +%s) - start) / 60 )) min"; \
	done

clean: ## remove the virtual environment and build outputs (keeps data and models)
	rm -rf $(VENV) build .pytest_cache
