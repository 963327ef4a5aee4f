# Two commands for newcomers: `make run` and `make test`. Everything else is for maintainers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
LOCK_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links


.PHONY: run test install lint format lock messages clean bench bench-directory bench-contacts bench-entry

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.main: requirements/main.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/main.txt
	touch $@

$(VENV)/.dev: requirements/main.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.main

run: $(VENV)/.main
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# One worker per core (pytest-xdist); each worker has its own test database.
test: $(VENV)/.dev
	$(BIN)/pytest --numprocesses auto $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the hashed lock files from the ranges in pyproject.toml.
lock: $(VENV)/.dev
	$(BIN)/pip install --quiet pip-tools
	$(LOCK_COMPILE) -o requirements/main.txt pyproject.toml
	$(LOCK_COMPILE) --extra dev -o requirements/dev.txt pyproject.toml

# Update and compile the English translation (needs GNU gettext).
messages: $(VENV)/.main
	$(MANAGE) makemessages --locale en --no-obsolete --add-location file --ignore=.venv --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Time 24 months of dates against the 5 ms target (see bench/README.md); BENCH_ARGS=--postgres.
bench: $(VENV)/.dev
	$(BIN)/python bench/occurrences.py $(BENCH_ARGS)

# Time the directory with 5,000 organisations against its 50 ms target (see bench/README.md).
bench-directory: $(VENV)/.dev
	$(BIN)/python bench/directory.py $(BENCH_ARGS)

# Time a year of contact statistics against its 500 ms / 300 ms targets (see bench/README.md).
bench-contacts: $(VENV)/.dev
	$(BIN)/python bench/contacts.py $(BENCH_ARGS)

# Time saving a contact through the quick entry against its 30 ms target (see bench/README.md).
bench-entry: $(VENV)/.dev
	$(BIN)/python bench/entry.py $(BENCH_ARGS)
