"""What runs in a worker for one item: bytes in, the item's files as bytes and its result out.

``amend_item`` makes the same library call as ``ehcpdocs amend`` and makes the same files. It
never touches a file system: the caller reads the plan and review and sends their bytes in an
``ItemTask``, and writes the files of the ``ItemOutcome`` that comes back itself (``settle``), so
a worker on another machine (Dask, Ray) needs none of the caller's paths or folders.
"""

from __future__ import annotations

import hashlib
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import (
    AmendmentError, AnchorAmbiguousError, AnchorNotFoundError, EhcpDocsError, InputError, UnsupportedAmendmentError,
)
from ..model.review import PLAN_ID_PATTERN, decode_text
from .annex2 import annex2_outputs

AMENDED = "amended"
UNCHANGED = "unchanged"
FAILED = "failed"
SKIPPED = "skipped"
DONE_STATUSES = (AMENDED, UNCHANGED)

DEFAULT_TIMEOUT = 300.0
NO_AMENDMENT = "no amendment required"
SAFE_PLAN_ID = re.compile(PLAN_ID_PATTERN.strip("^$"))
OUTPUT_SUFFIXES = (
    ".amended.docx", ".final.docx", ".amended.pdf", ".final.pdf", ".summary.json", ".annex2.docx", ".annex2.pdf",
)


@dataclass(frozen=True)
class ItemTask:
    """Everything a worker needs for one item: the inputs' bytes and plain options, no paths.

    ``plan_name`` and ``review_name`` are the inputs' file names, for messages only; ``layout``
    is a loaded ``LayoutProfile`` (or None), so the worker need not read the profile's file.
    """

    plan_id: str
    plan_name: str
    review_name: str
    plan_bytes: bytes
    review_bytes: bytes
    pdf: bool = True
    markup: str = "bold-strike"
    timeout: float | None = None
    annex2: bool = True
    layout: Any = None
    check_identity: bool = True


@dataclass(frozen=True)
class ItemResult:
    """One row of the report: what became of one item.

    ``reason`` is the one-line message ``ehcpdocs amend`` would print (it may name files);
    ``log_reason`` is the same without file names, for logs. ``identity_check`` is 'passed' or
    'skipped' (``--no-identity-check``) for an item that ran. ``outputs`` maps each file
    written to its SHA-256. ``seconds`` and ``resumed`` are the only fields that differ
    between two runs of the same batch.
    """

    plan_id: str
    status: str
    reason: str = ""
    log_reason: str = ""
    plan_file: str = ""
    review_file: str = ""
    plan_sha256: str = ""
    review_sha256: str = ""
    sections_amended: tuple[str, ...] = ()
    words_added: int = 0
    words_removed: int = 0
    section_f_words_added: int = 0
    section_f_words_removed: int = 0
    section_f_alerts: tuple[str, ...] = ()
    identity_check: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    resumed: bool = False

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def section_f_changes(self) -> str:
        """Section F changes in words: the summary's alerts when it gives any, else word counts."""
        if self.section_f_alerts:
            return "; ".join(self.section_f_alerts)
        if self.section_f_words_added or self.section_f_words_removed:
            return f"{self.section_f_words_added} words added, {self.section_f_words_removed} removed"
        return ""

    def timed(self, seconds: float) -> ItemResult:
        return replace(self, seconds=round(seconds, 3))


@dataclass(frozen=True)
class ItemOutcome:
    """What a worker sends back for one item: its report row and, when it succeeded, its files.

    ``files`` maps each output file's name to its bytes; the caller writes them and checks
    them against ``result.outputs`` before the item counts as done.
    """

    result: ItemResult
    files: dict[str, bytes] = field(default_factory=dict)



class ItemTimedOut(BaseException):
    """Raised in a worker when an item passes its time limit.

    A BaseException, so that code catching ``Exception`` inside the library cannot turn it
    into another error.
    """


def time_limit_message(timeout: float) -> str:
    return f"took longer than the time limit of {timeout:g} seconds"


def crashed_message() -> str:
    return "the worker process stopped while amending this plan (it crashed or ran out of memory)"


INTERNAL_ERROR = "internal error ({name}); please report it, and set EHCPDOCS_DEBUG=1 to see the details"


def internal_error(error: BaseException) -> str:
    """The message for a bug in ehcpdocs (not bad input), as the command line words it."""
    return INTERNAL_ERROR.format(name=type(error).__name__)


def amend_item(task: ItemTask) -> ItemOutcome:
    """Amend one plan from its bytes: its files and report row; never raises for bad input."""
    started = time.monotonic()
    base = ItemResult(plan_id=task.plan_id, status=FAILED, plan_file=task.plan_name, review_file=task.review_name,
                      plan_sha256=sha256(task.plan_bytes), review_sha256=sha256(task.review_bytes))
    try:
        with time_limit(task.timeout):
            files, summary = produce(task)
    except ItemTimedOut:
        return ItemOutcome(failure(base, time_limit_message(task.timeout or 0)).timed(time.monotonic() - started))
    except EhcpDocsError as error:
        return ItemOutcome(failure(base, str(error), reason_without_file(error)).timed(time.monotonic() - started))
    except Exception as error:  # a bug in ehcpdocs, not bad input: the batch goes on
        return ItemOutcome(failure(base, internal_error(error)).timed(time.monotonic() - started))
    if task.timeout and time.monotonic() - started > task.timeout:
        # Abandoned by the parent already (threads cannot be stopped): send nothing back.
        return ItemOutcome(failure(base, time_limit_message(task.timeout)).timed(time.monotonic() - started))
    return ItemOutcome(finished(base, summary, files).timed(time.monotonic() - started), files)


def produce(task: ItemTask) -> tuple[dict[str, bytes], dict]:
    """The item's output files and its amendment summary."""
    from .. import api

    review = decode_text(task.review_bytes, task.review_name, yaml_hint=is_yaml_name(task.review_name))
    result = api.amend(task.plan_bytes, review, markup=task.markup, plan_name=task.plan_name,
                       review_name=task.review_name, layout=task.layout, check_identity=task.check_identity)
    files = result.files(pdf=task.pdf)
    if task.annex2:
        files.update(annex2_outputs(review, task.review_name, result.summary, pdf=task.pdf))
    return files, result.summary


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


def read_input(path: Path) -> bytes:
    """A file's bytes; a file that cannot be read is an ``InputError`` naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=path.name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=path.name) from None


def failure(base: ItemResult, reason: str, log_reason: str | None = None) -> ItemResult:
    return replace(base, status=FAILED, reason=reason, log_reason=log_reason if log_reason is not None else reason)


def finished(base: ItemResult, summary: dict, files: dict[str, bytes]) -> ItemResult:
    """The result of an item whose files were written."""
    amended = summary.get("status") == AMENDED and any(name.endswith(".amended.docx") for name in files)
    f_counts = summary.get("sections", {}).get("F", {})
    return replace(
        base,
        status=AMENDED if amended else UNCHANGED,
        reason="" if amended else summary.get("message", NO_AMENDMENT),
        log_reason="" if amended else summary.get("message", NO_AMENDMENT),
        sections_amended=tuple(summary.get("sections_amended", ())),
        words_added=int(summary.get("words_added", 0)),
        words_removed=int(summary.get("words_removed", 0)),
        section_f_words_added=int(f_counts.get("words_added", 0)),
        section_f_words_removed=int(f_counts.get("words_removed", 0)),
        section_f_alerts=section_f_alerts(summary),
        identity_check=str(summary.get("identity_check", "")),
        outputs={name: sha256(data) for name, data in sorted(files.items())},
    )


def section_f_alerts(summary: dict) -> tuple[str, ...]:
    """The summary's alerts about Section F (cuts to provision), as one line each."""
    alerts = []
    for alert in summary.get("alerts") or ():
        if isinstance(alert, dict):
            section = str(alert.get("section", "F"))
            text = alert.get("message") or alert.get("description") or alert.get("text") or ""
        else:
            section, text = "F", str(alert)
        if section.upper().startswith("F") and text:
            alerts.append(" ".join(str(text).split()))
    return tuple(alerts)


def reason_without_file(error: EhcpDocsError) -> str:
    """The error's one-line message for logs: no file name (file names may name the child), and
    for an amendment that does not apply, what went wrong rather than the plan text it quotes."""
    saved = error.file, error.message
    error.file = None
    if isinstance(error, AmendmentError):
        error.message = AMENDMENT_PROBLEMS.get(type(error), "the amendment cannot be applied")
    try:
        return str(error)
    finally:
        error.file, error.message = saved


AMENDMENT_PROBLEMS = {
    AnchorNotFoundError: "the anchor or old text is not in the section",
    AnchorAmbiguousError: "the anchor matches more than one place in the section",
    UnsupportedAmendmentError: "the operation does not fit what is at that place",
}


def remove_item_files(outdir: Path, plan_id: str, keep: set[str] = frozenset()) -> None:
    """Remove an item's output files and half-written files (except ``keep``), so the folder
    matches the report.

    Outputs are only ever named after a valid plan_id; any other key (a file name, or an
    invalid review's ``plan_id`` such as '../x') has no files, and must not reach outside ``outdir``.
    """
    if not SAFE_PLAN_ID.fullmatch(plan_id):
        return
    for suffix in OUTPUT_SUFFIXES:
        name = plan_id + suffix
        if name not in keep:
            (Path(outdir) / name).unlink(missing_ok=True)
    if not keep:
        for leftover in Path(outdir).glob(f".{plan_id}.*.part"):
            leftover.unlink(missing_ok=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``ItemTimedOut`` in this thread after ``seconds``, where a timer signal can do it.

    Signals reach only a process's main thread: in a process pool's worker that is where items
    run; in a thread pool the parent enforces the limit instead (see ``running``).
    """
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ItemTimedOut()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
