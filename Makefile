# COP Drafter. Two commands matter: `make run` and `make test` (both create .venv on first use).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint bench package package-test fuzz screenshots clean system-deps

$(STAMP): pyproject.toml
	@bash tools/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

system-deps:
	@bash tools/system-deps.sh --office

## Start the desktop app on a sample revision of Resolution 67 (Rev. Kigali, 2022).
run: $(STAMP)
	$(BIN)/cop-drafter-gui --sample

## Run the whole test suite headless.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check cop_drafter tests bench tools

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
