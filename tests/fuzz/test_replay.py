"""Every input the fuzzer saved in ``tests/fuzz/corpus/`` keeps the property now.

A saved input is named ``<target>--<base>--<hash>.<docx|json>`` (see ``harness.py``): replaying
it makes the same call on the same base. Inputs that still fail because of code outside the
package reader (``ehcpdocs/docx/``'s package, XML, text, block and table layer, whose
failures are fixed, never listed) are listed in ``KNOWN_FAILURES`` with the module and the
exception, and replay as expected failures until their owner fixes them; then remove the line.
Inputs saved for taking too long or too much memory live in ``corpus/slow/`` and are replayed by
``make fuzz`` and ``pytest -m slow``, not by ``make test`` (seconds each). Inputs over 256 KB are
stored gzipped (``.gz``).
``python -m fuzz.run --replay`` (from ``tests/``) prints the lines for inputs that still fail.
"""

from __future__ import annotations

import os

import pytest

from fuzz import harness

# corpus file -> (innermost ehcpdocs module of the traceback, exception): failures outside
# ehcpdocs/docx/{package,xml,text,blocks,tables,ole}.py, handed on to their owners.
KNOWN_FAILURES: dict[str, tuple[str, str]] = {
}

OWN_MODULES = tuple(f"ehcpdocs/docx/{name}.py" for name in ("package", "xml", "text", "blocks", "tables", "ole"))
FILES = harness.corpus_files()
# Inputs saved for taking too long or too much memory take seconds each: they are replayed by
# 'make fuzz' (after its run), 'pytest -m slow' and EHCPDOCS_FUZZ_SLOW=1, not by 'make test'.
SLOW_FILES = harness.corpus_files(harness.SLOW_CORPUS)


def test_the_corpus_is_there():
    assert FILES, "tests/fuzz/corpus/ holds the saved failing inputs"


def test_known_failures_name_saved_inputs_outside_the_package_reader():
    names = {path.name for path in FILES} | {f"slow/{path.name}" for path in SLOW_FILES}
    for name, (module, _exception) in KNOWN_FAILURES.items():
        assert name in names, f"{name} is not in tests/fuzz/corpus/"
        assert module not in OWN_MODULES, f"{name}: failures in {module} are fixed, not listed"


def replay(path, name: str) -> None:
    target, base = harness.parse_corpus_name(path.name)
    outcome = harness.run_case(harness.TARGETS[target], harness.read_input(path), base)
    if name in KNOWN_FAILURES and not outcome.ok:
        module, exception = KNOWN_FAILURES[name]
        pytest.xfail(f"known failure in {module} ({exception}): {harness.describe_failure(outcome)}")
    assert outcome.ok, f"{harness.describe_failure(outcome)}\n{outcome.traceback}"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_a_saved_input_keeps_the_property(path):
    replay(path, path.name)


@pytest.mark.slow
@pytest.mark.parametrize("path", SLOW_FILES, ids=lambda path: path.name)
def test_a_saved_slow_input_keeps_the_property(path, request):
    if "slow" not in (request.config.getoption("-m") or "") and not os.environ.get("EHCPDOCS_FUZZ_SLOW"):
        pytest.skip("saved for time or memory: replayed by 'make fuzz', 'pytest -m slow' or EHCPDOCS_FUZZ_SLOW=1")
    replay(path, f"slow/{path.name}")
