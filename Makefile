# COP Drafter. Two commands matter: `make run` and `make test` (both create .venv on first use).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

PYTEST_FLAGS ?=

.PHONY: run test test-x11 lint bench package package-test fuzz screenshots clean system-deps

$(STAMP): pyproject.toml
	@bash tools/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@bash tools/system-deps.sh  # again, now that Qt's plugins exist: installs what they link but the system lacks
	@rm -f $(VENV)/.installed-*
	@touch $@

system-deps:
	@bash tools/system-deps.sh --office

## Start the desktop app on a sample revision of Resolution 67 (Rev. Kigali, 2022).
run: $(STAMP)
	@bash tools/system-deps.sh
	$(BIN)/cop-drafter-gui --sample

## Run the whole test suite headless (plus the real-X11 test when Xvfb and xdotool exist; under CI=true it must run).
test: $(STAMP)
	@bash tools/system-deps.sh --office
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_FLAGS)

## The real app on an Xvfb X server, driven with real key events (fails if Qt's xcb plugin cannot load).
test-x11: $(STAMP)
	@bash tools/system-deps.sh --office
	$(BIN)/python -m pytest -q -m x11 tests/x11

## Build the one-folder app (both commands, corpus, Qt plugins) with PyInstaller into dist/cop-drafter/.
package: $(STAMP)
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/python -m pip install -q -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/cop_drafter.spec

## Run the packaged binaries headless: --version, a .docx export, the GUI offscreen; prints size and start time.
package-test:
	$(BIN)/python packaging/smoke_test.py dist/cop-drafter

## Long fuzzing run of the project loader, the text parser and random delegate sessions on the real window
## (started by hand; FUZZ_EXAMPLES to change its length: sessions = FUZZ_EXAMPLES/50, 60 steps each).
fuzz: $(STAMP)
	COP_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100000} QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -x -k fuzz tests/test_bad_input.py
	COP_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100000} QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -x -s tests/gui/test_session_machine.py

lint: $(STAMP)
	$(BIN)/ruff check cop_drafter tests bench tools packaging
	$(BIN)/mypy  # files and options: [tool.mypy] in pyproject.toml (cop_drafter/core and cop_drafter/formats)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
