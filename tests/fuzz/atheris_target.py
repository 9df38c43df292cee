"""Coverage-guided fuzzing of the package reader with Atheris (libFuzzer): ``open_package`` and
reading a plan from the bytes libFuzzer makes.

    make fuzz-atheris FUZZ_SECONDS=600        # installs the optional extra: pip install '.[fuzz]'

The seeds are the base plans (``bases.py``); libFuzzer's own corpus of inputs that reach new
code is kept in ``out/fuzz/atheris-corpus/`` between runs. An input that breaks the property
(anything but an ``EhcpDocsError``, or a message that is not one line of at most 300
characters) is saved in ``tests/fuzz/corpus/`` as a ``sections.plan`` case, so ``make test``
replays it, and stops the run as a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["ehcpdocs", "zipfile"]):
    import zipfile  # noqa: F401

    import ehcpdocs
    from ehcpdocs.api import plan_report
    from ehcpdocs.docx.package import open_package
    from ehcpdocs.errors import EhcpDocsError

from fuzz import bases, harness  # noqa: E402

SEEDS = REPO / "out" / "fuzz" / "atheris-seeds"
CORPUS = REPO / "out" / "fuzz" / "atheris-corpus"


def test_one_input(data: bytes) -> None:
    try:
        open_package(data, name=harness.PLAN_NAME)
        plan_report(ehcpdocs.read_plan(data, name=harness.PLAN_NAME))
    except EhcpDocsError as error:
        try:
            harness.check_message(str(error))
        except harness.BadMessage:
            harness.save_input("sections.plan", "gen-minimal", data)
            raise
    except BaseException:
        harness.save_input("sections.plan", "gen-minimal", data)
        raise


def main() -> None:
    SEEDS.mkdir(parents=True, exist_ok=True)
    CORPUS.mkdir(parents=True, exist_ok=True)
    for name in (*bases.GENERATED, *bases.SAMPLE_IDS):
        (SEEDS / f"{name}.docx").write_bytes(bases.plan_bytes(name))
    arguments = [sys.argv[0], "-max_len=65536", "-rss_limit_mb=2048", "-timeout=20",
                 f"-artifact_prefix={REPO / 'out' / 'fuzz'}/atheris-", *sys.argv[1:],
                 str(CORPUS), str(SEEDS)]
    atheris.Setup(arguments, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
