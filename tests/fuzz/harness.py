"""The property every entry point must keep, the targets it is checked on, and the corpus.

The property: called on any input, an entry point returns normally or raises an
``ehcpdocs.EhcpDocsError`` (anything else is a failure) whose message is one line of at most
300 characters, it finishes within ``CASE_SECONDS`` and needs at most ``MEMORY_LIMIT_MB``
(``BASELINE_MB`` for the process plus what the case grew the resident set by: the peak is reset
before each case). A hard limit (``HARD_SECONDS``, SIGALRM on the main thread) stops a case that
hangs, which is then a failure too.

A *target* is an entry point fed one kind of input in one role: ``amend.plan`` is ``amend``
with a mutated plan (and the base plan's own review), ``amend.review`` the same with mutated
review data. Failing inputs are saved in ``tests/fuzz/corpus/`` as
``<target>--<base>--<sha256 prefix>.<docx|json>``: the bytes themselves, and the base names
the other input, so ``test_replay.py`` can run the same call again.
"""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from . import bases

CORPUS = Path(__file__).resolve().parent / "corpus"
SLOW_CORPUS = CORPUS / "slow"  # inputs saved for time or memory: replayed by make fuzz and pytest -m slow
HEAVY_FAILURES = ("slow", "hang", "memory")
CASE_SECONDS = float(os.environ.get("EHCPDOCS_FUZZ_CASE_SECONDS", "20"))
HARD_SECONDS = float(os.environ.get("EHCPDOCS_FUZZ_HARD_SECONDS", "60"))
MAX_MESSAGE = 300
MEMORY_LIMIT_MB = 600
# What a process that has imported ehcpdocs and rendered a PDF holds (MiB): a case's memory is
# this plus what it grew by, so the judgement does not depend on what ran before it.
BASELINE_MB = 100
NOTICE_DATE = date(2026, 11, 2)
PLAN_NAME = "fuzz-plan.docx"
REVIEW_NAME = "fuzz-review.json"


class CaseHung(BaseException):
    """Raised by the hard time limit; a BaseException so no ``except Exception`` in the
    library can turn it into something else."""


@dataclass
class Target:
    """One entry point fed one kind of input: ``kind`` is 'docx' or 'json'."""

    name: str
    kind: str
    bases: Callable[[], list[str]]
    call: Callable[[bytes, str], object]
    weight: float = 1.0  # relative share of cases (and of examples in make test)

    @property
    def entry(self) -> str:
        return self.name.split(".")[0]


def _variant(payload: bytes, count: int) -> int:
    return hashlib.sha256(payload).digest()[0] % count


MARKUPS = (("bold-strike", None), ("tracked", None), ("tribunal", "la"), ("tribunal", "parent"))


# --- docx targets ------------------------------------------------------------------------------

def call_sections(payload: bytes, base: str):
    import ehcpdocs
    from ehcpdocs.api import plan_report

    plan = ehcpdocs.read_plan(payload, name=PLAN_NAME)
    plan_report(plan)
    if _variant(payload, 4) == 0:
        ehcpdocs.suggest_layout(payload, name=PLAN_NAME)


def call_amend_plan(payload: bytes, base: str):
    import ehcpdocs

    markup, party = MARKUPS[_variant(payload, len(MARKUPS))]
    result = ehcpdocs.amend(payload, bases.plan_review(base), plan_name=PLAN_NAME, markup=markup, party=party)
    result.files(pdf=False)


def call_to_pdf(payload: bytes, base: str):
    import ehcpdocs

    ehcpdocs.to_pdf(payload, title="fuzz")


def _compare(old: bytes, new: bytes, payload: bytes):
    import ehcpdocs

    markup, party = MARKUPS[_variant(payload, len(MARKUPS))]
    result = ehcpdocs.compare_documents(old, new, markup=markup, party=party, date="2026-01-01T00:00:00Z",
                                        old_name="old.docx", new_name="new.docx")
    result.summary  # noqa: B018 - built with the result


def call_compare_old(payload: bytes, base: str):
    _compare(payload, bases.plan_bytes(base), payload)


def call_compare_new(payload: bytes, base: str):
    _compare(bases.plan_bytes(base), payload, payload)


def call_check_marked(payload: bytes, base: str):
    import ehcpdocs

    original = bases.plan_bytes(base.removesuffix("+amended"))
    sections = ["B", "F"] if _variant(payload, 3) == 0 else None
    ehcpdocs.check(original, payload, sections=sections, original_name="original.docx", marked_name="marked.docx")


def call_check_original(payload: bytes, base: str):
    import ehcpdocs

    ehcpdocs.check(payload, bases.plan_bytes(base + "+amended"), original_name="original.docx",
                   marked_name="marked.docx")


def call_finalise(payload: bytes, base: str):
    import ehcpdocs

    against = bases.plan_bytes(base.removesuffix("+amended")) if _variant(payload, 2) else None
    result = ehcpdocs.finalise(payload, against, marked_name="marked.docx", against_name="original.docx")
    result.final_docx  # noqa: B018


def call_annex2_plan(payload: bytes, base: str):
    import ehcpdocs

    form = ehcpdocs.render_annex2(bases.data("full"), plan=payload, notice_date=NOTICE_DATE)
    form.docx  # noqa: B018


def call_notice_plan(payload: bytes, base: str):
    import ehcpdocs

    form = ehcpdocs.render_notice(bases.data("full"), payload, notice_date=NOTICE_DATE)
    form.docx  # noqa: B018


def call_pack_plan(payload: bytes, base: str):
    import ehcpdocs

    pack = ehcpdocs.consultation_pack(bases.data("full"), payload, notice_date=NOTICE_DATE)
    pack.docx  # noqa: B018


def call_cli_sections(payload: bytes, base: str):
    """``ehcpdocs sections --json`` through click: exit 0 or 1, never 3, one line on stderr."""
    from click.testing import CliRunner

    from ehcpdocs.cli import cli
    from ehcpdocs.errors import EhcpDocsError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PLAN_NAME
        path.write_bytes(payload)
        result = CliRunner().invoke(cli, ["sections", str(path), "--json"], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    errors = result.stderr if hasattr(result, "stderr") else result.output
    if result.exit_code not in (0, 1):
        raise CliFailure(f"exit {result.exit_code}: {errors.strip()[:200]}")
    if result.exit_code == 1:
        lines = [line for line in errors.splitlines() if line.strip()]
        message = lines[0].removeprefix("error: ") if lines else ""
        raise EhcpDocsError(message + ("\n" + "\n".join(lines[1:]) if len(lines) > 1 else ""))


class CliFailure(Exception):
    """The command line exited with a code other than 0 or 1 (3: an internal error)."""


def call_batch(payload: bytes, base: str):
    """``batch.run`` on a folder of this plan and its review: every result one clear line, no
    internal error, nothing temporary left behind."""
    from ehcpdocs import batch

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "plans").mkdir()
        (root / "reviews").mkdir()
        review = bases.plan_review(base)
        (root / "plans" / f"{review['plan_id']}.docx").write_bytes(payload)
        import json

        (root / "reviews" / f"{review['plan_id']}.json").write_text(json.dumps(review), encoding="utf-8")
        items = batch.pair_folders(root / "plans", root / "reviews")
        with ThreadPoolExecutor(max_workers=1) as executor:
            results = list(batch.run(items, root / "out", executor=executor, pdf=False, timeout=HARD_SECONDS))
        leftovers = [p.name for p in (root / "out").iterdir() if p.name.endswith(".part")]
        if leftovers:
            raise BatchFailure(f"temporary files left in the output folder: {leftovers[:3]}")
        if not (root / "out" / "report.json").exists():
            raise BatchFailure("no report.json written")
        for result in results:
            check_message(result.reason, where="batch reason")
            if result.reason.startswith("internal error"):
                raise BatchFailure(f"batch item failed with {result.reason[:120]}")


class BatchFailure(Exception):
    """A batch broke its promise: an internal error, a temporary file left, no report."""


# --- json targets ------------------------------------------------------------------------------

def call_amend_review(payload: bytes, base: str):
    import ehcpdocs

    result = ehcpdocs.amend(bases.plan_bytes(bases.data_plan(base)), payload, review_name=REVIEW_NAME,
                            plan_name=PLAN_NAME)
    result.files(pdf=False)


def call_amend_review_pdf(payload: bytes, base: str):
    import ehcpdocs

    result = ehcpdocs.amend(bases.plan_bytes(bases.data_plan(base)), payload, review_name=REVIEW_NAME,
                            plan_name=PLAN_NAME)
    result.amended_pdf  # noqa: B018
    result.final_pdf  # noqa: B018


def call_annex2_review(payload: bytes, base: str):
    import ehcpdocs

    plan = bases.plan_bytes(bases.data_plan(base)) if _variant(payload, 2) else None
    form = ehcpdocs.render_annex2(payload, plan=plan, notice_date=NOTICE_DATE if _variant(payload, 3) else None,
                                  review_name=REVIEW_NAME)
    form.docx  # noqa: B018
    form.pdf  # noqa: B018


def call_notice_review(payload: bytes, base: str):
    import ehcpdocs

    form = ehcpdocs.render_notice(payload, bases.plan_bytes(bases.data_plan(base)),
                                  notice_date=NOTICE_DATE if _variant(payload, 2) else None, review_name=REVIEW_NAME)
    form.docx  # noqa: B018
    form.pdf  # noqa: B018


def call_pack_review(payload: bytes, base: str):
    import ehcpdocs

    pack = ehcpdocs.consultation_pack(payload, bases.plan_bytes(bases.data_plan(base)), notice_date=NOTICE_DATE,
                                      review_name=REVIEW_NAME)
    pack.pdf  # noqa: B018
    pack.docx  # noqa: B018


def call_referral(payload: bytes, base: str):
    import ehcpdocs

    form = ehcpdocs.render_referral(payload, base_dir=bases.REFERRAL_DIR, today=NOTICE_DATE,
                                    referral_name="fuzz-referral.json")
    form.docx  # noqa: B018
    form.pdf  # noqa: B018


def _plans() -> list[str]:
    return bases.plan_names()


def _core_plans() -> list[str]:
    return [*bases.SAMPLE_IDS, *bases.GENERATED]


def _amended() -> list[str]:
    return [f"{name}+amended" for name in _core_plans()]


def _reviews() -> list[str]:
    return ["LCC-EHCP-1001", "SCC-EHCP-2002", "PCC-EHCP-3003", "full", "unchanged"]


TARGETS: dict[str, Target] = {t.name: t for t in [
    Target("sections.plan", "docx", _plans, call_sections, 3),
    Target("sections.ole", "docx", lambda: list(bases.OLE), call_sections, 0.5),
    Target("amend.plan", "docx", _plans, call_amend_plan, 3),
    Target("to_pdf.plan", "docx", _plans, call_to_pdf, 3),
    Target("compare.old", "docx", _core_plans, call_compare_old, 1),
    Target("compare.new", "docx", _core_plans, call_compare_new, 1),
    Target("check.marked", "docx", _amended, call_check_marked, 1),
    Target("check.original", "docx", _core_plans, call_check_original, 1),
    Target("finalise.marked", "docx", _amended, call_finalise, 1),
    Target("render_annex2.plan", "docx", lambda: ["LCC-EHCP-1001"], call_annex2_plan, 0.5),
    Target("render_notice.plan", "docx", lambda: ["LCC-EHCP-1001"], call_notice_plan, 0.5),
    Target("consultation_pack.plan", "docx", lambda: ["LCC-EHCP-1001"], call_pack_plan, 0.3),
    Target("cli_sections.plan", "docx", _core_plans, call_cli_sections, 0.5),
    Target("batch.plan", "docx", _core_plans, call_batch, 0.2),
    Target("amend.review", "json", _reviews, call_amend_review, 3),
    Target("amend_pdf.review", "json", _reviews, call_amend_review_pdf, 1),
    Target("render_annex2.review", "json", lambda: ["full"], call_annex2_review, 2),
    Target("render_notice.review", "json", lambda: ["full", "LCC-EHCP-1001"], call_notice_review, 1),
    Target("consultation_pack.review", "json", lambda: ["full"], call_pack_review, 0.5),
    Target("render_referral.referral", "json", lambda: ["complete", "returned"], call_referral, 2),
]}


# --- the property ------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What one case did: ``failure`` is None when the property held."""

    target: str
    base: str
    seconds: float
    failure: str | None = None  # 'exception', 'message', 'slow', 'hang'
    error: str = ""  # exception type
    detail: str = ""  # one line: the message or the exception text
    last_frame: str = ""  # file:line function of the innermost frame
    our_frame: str = ""  # the innermost frame in ehcpdocs
    traceback: str = field(default="", repr=False)
    peak_rss_mb: float = 0.0
    start_rss_mb: float = 0.0
    memory_mb: float = 0.0  # BASELINE_MB plus what the case grew the resident set by
    raised: str = ""  # the EhcpDocsError class a case that kept the property raised

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def signature(self) -> str:
        """What tells one failure from another: the entry point, the kind, the exception and where."""
        where = self.our_frame or self.last_frame
        where = where.split(" ", 1)[0] if self.failure == "slow" else where
        return f"{self.target.split('.')[0]}|{self.failure}|{self.error}|{where}"


def known_key(outcome: Outcome) -> tuple[str, str]:
    """How ``KNOWN_FAILURES`` names a failure: the innermost ehcpdocs module and the exception,
    or for a case too slow or too big, the entry point and 'Slow' or 'Memory'."""
    if outcome.failure in ("slow", "memory", "hang"):
        return f"{outcome.target.split('.')[0]} ({outcome.failure})", outcome.error
    return (outcome.our_frame or outcome.last_frame).split(":", 1)[0], outcome.error


def check_message(message: str, *, where: str = "message") -> None:
    if len(message) > MAX_MESSAGE:
        raise BadMessage(f"{where} is {len(message)} characters long (limit {MAX_MESSAGE}): {message[:120]!r}…")
    if len(message.splitlines()) > 1:
        raise BadMessage(f"{where} has {len(message.splitlines())} lines: {message[:120]!r}")


class BadMessage(Exception):
    """An ``EhcpDocsError`` whose message is not one line of at most 300 characters."""


@contextmanager
def hard_limit(seconds: float):
    """Raise ``CaseHung`` in the main thread after ``seconds`` (no limit off the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not seconds:
        yield
        return

    def expire(signum, frame):
        raise CaseHung(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _frame(entry: traceback.FrameSummary) -> str:
    path = entry.filename
    marker = f"{os.sep}ehcpdocs{os.sep}"
    if marker in path:
        path = "ehcpdocs/" + path.split(marker, 1)[1].replace(os.sep, "/")
    else:
        path = Path(path).name
    return f"{path}:{entry.lineno} {entry.name}"


def run_case(target: Target, payload: bytes, base: str, *, case_seconds: float = CASE_SECONDS,
             hard_seconds: float = HARD_SECONDS) -> Outcome:
    """Call the target on one input and judge the result by the property."""
    from ehcpdocs.errors import EhcpDocsError

    outcome = Outcome(target.name, base, 0.0)
    outcome.start_rss_mb = release_memory()
    reset_peak_memory()
    started = time.perf_counter()
    try:
        with hard_limit(hard_seconds):
            try:
                target.call(payload, base)
            except EhcpDocsError as error:
                outcome.raised = type(error).__name__
                try:
                    check_message(str(error))
                except BadMessage as bad:
                    # described where the error was raised, with what is wrong with its message
                    outcome.failure = "message"
                    _describe(outcome, error)
                    outcome.detail = str(bad)
    except (BadMessage, BatchFailure, CliFailure) as error:
        outcome.failure = "message" if isinstance(error, BadMessage) else "exception"
        _describe(outcome, error)
    except CaseHung as error:
        outcome.failure = "hang"
        _describe(outcome, error)
    except (Exception, RecursionError, MemoryError) as error:  # noqa: B014 - anything but ours is a failure
        outcome.failure = "exception"
        _describe(outcome, error)
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_mb = case_peak_memory()
    outcome.memory_mb = BASELINE_MB + max(0.0, outcome.peak_rss_mb - outcome.start_rss_mb)
    if outcome.failure is None and outcome.memory_mb > MEMORY_LIMIT_MB:
        outcome.failure = "memory"
        outcome.error = "Memory"
        outcome.detail = (f"needed {outcome.memory_mb:.0f} MiB (limit {MEMORY_LIMIT_MB} MiB: {BASELINE_MB} MiB for the "
                          f"process and {outcome.peak_rss_mb - outcome.start_rss_mb:.0f} MiB for this case)")
    if outcome.failure is None and outcome.seconds > case_seconds:
        outcome.failure = "slow"
        outcome.error = "Slow"
        outcome.detail = f"took {outcome.seconds:.1f} s (limit {case_seconds:g} s)"
    return outcome


def _describe(outcome: Outcome, error: BaseException) -> None:
    frames = traceback.extract_tb(error.__traceback__)
    outcome.error = type(error).__name__
    outcome.detail = " ".join(str(error).split())[:300]
    if frames:
        outcome.last_frame = _frame(frames[-1])
        ours = [f for f in frames if f"{os.sep}ehcpdocs{os.sep}" in f.filename]
        outcome.our_frame = _frame(ours[-1]) if ours else ""
    outcome.traceback = "".join(traceback.format_exception(type(error), error, error.__traceback__, limit=-12))


def describe_failure(outcome: Outcome) -> str:
    return (f"{outcome.target} on base {outcome.base}: {outcome.failure} {outcome.error}: {outcome.detail}"
            f" [at {outcome.our_frame or outcome.last_frame}]")


# --- the corpus --------------------------------------------------------------------------------

GZIP_OVER = 256 * 1024  # saved inputs bigger than this are stored gzipped
MAX_SAVED = 4 * 1024 * 1024  # the corpus never holds more than this for one input (gzipped)


def corpus_name(target: str, base: str, payload: bytes) -> str:
    extension = "docx" if TARGETS[target].kind == "docx" else "json"
    return f"{target}--{base}--{hashlib.sha256(payload).hexdigest()[:12]}.{extension}"


def save_input(target: str, base: str, payload: bytes, folder: Path = CORPUS) -> Path | None:
    """Save a failing input (gzipped when large; None when too large even so)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = corpus_name(target, base, payload)
    data = payload
    if len(payload) > GZIP_OVER:
        import gzip

        data = gzip.compress(payload, compresslevel=9, mtime=0)
        name += ".gz"
        if len(data) > MAX_SAVED:
            return None
    path = folder / name
    if not path.exists():
        path.write_bytes(data)
    return path


def read_input(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    return data


def parse_corpus_name(name: str) -> tuple[str, str]:
    """(target, base) of a saved input's file name."""
    target, base, _rest = name.split("--", 2)
    return target, base


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.name.endswith((".docx", ".json", ".docx.gz", ".json.gz")) and p.name.count("--") >= 2)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def release_memory(threshold_mb: float = 300) -> float:
    """Give memory a previous case left back to the system (so the next case's peak is its
    own); returns the resident memory (MiB) a case starts from."""
    rss = current_rss_mb()
    if rss > threshold_mb:
        import ctypes
        import gc

        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass
        rss = current_rss_mb()
    return rss


def reset_peak_memory() -> None:
    """Start a new peak of resident memory for this process (Linux: clear_refs 5), if allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def case_peak_memory() -> float:
    """The peak resident memory (MiB) since ``reset_peak_memory`` (VmHWM), else the process's."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


