# Two entry points: `make run` (set-up + the app on db/crm.sqlite3) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_CUSTOMERS ?= 2000

.PHONY: run test install db demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/python -m crm db upgrade

demo: db
	$(BIN)/python -m crm demo-data --customers $(DEMO_CUSTOMERS) --if-empty

run: demo
	$(BIN)/python main.py

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	for b in bench/*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) .pytest_cache
