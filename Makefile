# Two entry points: `make run` (set-up + the app on db/crm.sqlite3) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_CUSTOMERS ?= 2000

.PHONY: run test install db demo bench bundle i18n clean

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
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	for b in bench/*.py; do $(BIN)/python $$b; done

# The folder bundle (PyInstaller), then its self-test: opens a scratch database and every page
# offscreen and exits non-zero if anything it needs was left out of the bundle.
bundle: install
	$(BIN)/python -m pip install -q -e '.[bundle]'
	$(BIN)/pyinstaller --noconfirm --log-level ERROR --distpath build/dist --workpath build/work packaging/crm.spec
	QT_QPA_PLATFORM=offscreen CRM_DATA_DIR=build/smoke-data build/dist/PostLoanCRM/PostLoanCRM --smoke-test

# After changing UI strings: update the catalogue, translate the new entries in
# resources/i18n/crm_zh_CN.ts (Qt Linguist: .venv/bin/pyside6-linguist), then `make i18n` again.
I18N_SOURCES = crm/app.py $(shell find crm/ui -name '*.py' | sort)
i18n: install
	$(BIN)/pyside6-lupdate $(I18N_SOURCES) -ts resources/i18n/crm_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/i18n/crm_zh_CN.ts -qm resources/i18n/crm_zh_CN.qm

clean:
	rm -rf $(VENV) .pytest_cache
