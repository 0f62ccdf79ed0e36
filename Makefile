# Kakehashi: `make demo` serves the demo, `make test` runs every check and test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install demo test lint screenshots clean

install: $(VENV)/.installed

# Pinned versions in requirements.lock; the stamp makes a second run a no-op.
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Kakehashi needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: install
	-scripts/system-packages.sh fonts  # Japanese fonts for evaluation PDFs (best effort)
	$(BIN)/kakehashi demo
	$(BIN)/kakehashi runserver 127.0.0.1:$(PORT)

test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check kakehashi bench scripts
	$(BIN)/ruff format --check kakehashi bench scripts

screenshots: install
	scripts/screenshots.sh

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
