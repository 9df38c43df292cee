# Quick start: `make demo` and `make test` work on a fresh machine with Python >= 3.10.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean samples bench fuzz fuzz-atheris

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python samples/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py

bench: $(STAMP)
	$(BIN)/python benchmarks/amend.py

# Fuzzing (tests/fuzz/README.md): every entry point on mutated plans and data for FUZZ_SECONDS,
# in FUZZ_JOBS processes; failing inputs are saved in tests/fuzz/corpus/ and replayed by `make test`.
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?=
fuzz: $(STAMP)
	cd tests && EHCPDOCS_FUZZ_PROFILE=fuzz ../$(BIN)/python -m fuzz.run --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) --targets '$(FUZZ_TARGETS)'

# Coverage-guided (Atheris, optional extra 'fuzz') on the package reader.
fuzz-atheris: $(STAMP)
	$(BIN)/python -m pip install --quiet --only-binary=atheris 'atheris>=2.3'
	$(BIN)/python tests/fuzz/atheris_target.py -max_total_time=$(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) out build *.egg-info

# The HTTP service and web page on http://127.0.0.1:8000/ (docs/server.md).
.PHONY: serve test-browser
serve: $(STAMP)
	$(BIN)/ehcpdocs serve --host 127.0.0.1 --port 8000

# The web page in a real browser: Playwright driving Debian's chromium (skipped without it).
test-browser: $(STAMP)
	$(BIN)/python -m pytest -q -m browser tests/browser
