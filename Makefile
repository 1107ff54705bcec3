# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# root needs no sudo (CI); elsewhere sudo asks once
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser demo test test-slow lint bench tokenizer-baselines clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,web,documents,wikipedia,ray,train,tokenizer]'
	# GPT-2 and Whisper's vocabularies (tokenizer baselines) ship inside openai-whisper;
	# only those files are read, so not its torch dependency
	$(BIN)/python -m pip install --quiet --no-deps 'openai-whisper==20250625'
	touch $(STAMP)

install: $(STAMP)

# The run report is tested in a real browser: Debian's Chromium and ChromeDriver
# (never a downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing Debian's chromium and chromium-driver for the report's browser test"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null; \
	fi

demo: install
	$(BIN)/vicorpus run examples/demo.yaml --overwrite
	@echo "report: demo-output/report.html; papers: demo-output/README.md, croissant.json, eu_training_content_summary.md"

test: install browser
	$(BIN)/python -m pytest

test-slow: install
	$(BIN)/python -m pytest -m slow

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# More tokenizer baselines for bench/bench_tokenizer.py (data files only, hence --no-deps)
# and pyvi's word segmenter for tokens per segmented word.
tokenizer-baselines: install
	$(BIN)/python -m pip install --quiet --no-deps 'mistral-common>=1.8,<1.10' 'litellm>=1.109,<2'
	$(BIN)/python -m pip install --quiet 'pyvi>=0.1.1,<0.2'

bench: install
	$(BIN)/python bench/bench_machinery.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
