"""The batch report: ``report.csv`` and ``report.json``, one row per item, rewritten as items finish.

Rows are sorted by plan_id, so two runs of the same batch write the same report apart from the
``seconds`` and ``resumed`` columns. Each rewrite goes to a temporary name and is renamed into
place, so a reader (or a killed batch) never sees half a report.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from ..fileio import write_atomically
from .pairing import fold
from .worker import AMENDED, FAILED, SKIPPED, UNCHANGED, ItemResult

REPORT_CSV = "report.csv"
REPORT_JSON = "report.json"
REPORT_FORMAT = "ehcpdocs-batch-report"
REPORT_VERSION = 1
STATUSES = (AMENDED, UNCHANGED, FAILED, SKIPPED)

CSV_COLUMNS = (
    "plan_id", "status", "reason", "sections_amended", "words_added", "words_removed",
    "section_f_changes", "identity_check", "outputs", "plan_file", "review_file", "plan_sha256", "review_sha256",
    "seconds", "resumed",
)
VARYING_COLUMNS = ("seconds", "resumed")


def row_key(result: ItemResult) -> tuple[str, str, str]:
    return (fold(result.plan_id), result.plan_file, result.review_file)


def json_row(result: ItemResult) -> dict:
    """A result as a report.json item (``log_reason`` stays out: the report keeps the full reason)."""
    row = asdict(result)
    row.pop("log_reason")
    row["sections_amended"] = list(result.sections_amended)
    row["section_f_alerts"] = list(result.section_f_alerts)
    row["section_f_changes"] = result.section_f_changes
    row["outputs"] = [{"file": name, "sha256": digest} for name, digest in result.outputs.items()]
    return row


def csv_row(result: ItemResult) -> list[str]:
    values = {
        "plan_id": result.plan_id,
        "status": result.status,
        "reason": result.reason,
        "sections_amended": " ".join(result.sections_amended),
        "words_added": str(result.words_added),
        "words_removed": str(result.words_removed),
        "section_f_changes": result.section_f_changes,
        "identity_check": result.identity_check,
        "outputs": "; ".join(f"{name} sha256:{digest}" for name, digest in result.outputs.items()),
        "plan_file": result.plan_file,
        "review_file": result.review_file,
        "plan_sha256": result.plan_sha256,
        "review_sha256": result.review_sha256,
        "seconds": f"{result.seconds:.3f}",
        "resumed": "yes" if result.resumed else "no",
    }
    return [values[column] for column in CSV_COLUMNS]


def result_from_row(row: dict) -> ItemResult:
    """An ``ItemResult`` from a report.json item (for resuming)."""
    return ItemResult(
        plan_id=row["plan_id"],
        status=row["status"],
        reason=row.get("reason", ""),
        log_reason=row.get("reason", "") if row["status"] != FAILED else "",
        plan_file=row.get("plan_file", ""),
        review_file=row.get("review_file", ""),
        plan_sha256=row.get("plan_sha256", ""),
        review_sha256=row.get("review_sha256", ""),
        sections_amended=tuple(row.get("sections_amended", ())),
        words_added=int(row.get("words_added", 0)),
        words_removed=int(row.get("words_removed", 0)),
        section_f_words_added=int(row.get("section_f_words_added", 0)),
        section_f_words_removed=int(row.get("section_f_words_removed", 0)),
        section_f_alerts=tuple(row.get("section_f_alerts", ())),
        identity_check=str(row.get("identity_check", "")),
        outputs={entry["file"]: entry["sha256"] for entry in row.get("outputs", ())},
        seconds=float(row.get("seconds", 0.0)),
    )


class Report:
    """The report of one batch run: rows kept by item (small metadata only), files rewritten.

    ``min_interval`` spaces rewrites out (seconds) so a batch of thousands does not spend its
    time rewriting the report; ``write(force=True)`` writes at once.
    """

    def __init__(self, outdir: Path, options: dict, total: int, *, min_interval: float = 0.25) -> None:
        self.outdir = Path(outdir)
        self.options = dict(options)
        self.total = total
        self.min_interval = min_interval
        self.rows: dict[tuple[str, str, str], ItemResult] = {}
        self.encoded: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.last_written = 0.0
        self.dirty = False

    def add(self, result: ItemResult) -> None:
        self.rows[row_key(result)] = result
        self.encoded[row_key(result)] = encoded_row(result)
        self.dirty = True
        if time.monotonic() - self.last_written >= self.min_interval:
            self.write()

    def counts(self) -> Counter:
        return Counter(result.status for result in self.rows.values())

    def write(self, *, force: bool = False) -> None:
        if not (self.dirty or force):
            return
        keys = sorted(self.rows)
        write_atomically(self.outdir / REPORT_JSON, self.json_bytes(keys))
        write_atomically(self.outdir / REPORT_CSV, self.csv_bytes(keys))
        self.last_written = time.monotonic()
        self.dirty = False

    def json_bytes(self, keys: list[tuple[str, str, str]]) -> bytes:
        """report.json, built from rows encoded once each, so a rewrite stays cheap."""
        counts = self.counts()
        head = {
            "format": REPORT_FORMAT,
            "version": REPORT_VERSION,
            "options": self.options,
            "varying_columns": list(VARYING_COLUMNS),
            "totals": {"items": self.total, **{status: counts.get(status, 0) for status in STATUSES},
                       "not_finished": max(0, self.total - len(keys))},
        }
        head_text = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
        items = ",\n".join(self.encoded[key][0] for key in keys)
        body = f',\n  "items": [\n{items}\n  ]\n}}\n' if keys else ',\n  "items": []\n}\n'
        return (head_text + body).encode("utf-8")

    def csv_bytes(self, keys: list[tuple[str, str, str]]) -> bytes:
        return (csv_line(CSV_COLUMNS) + "".join(self.encoded[key][1] for key in keys)).encode("utf-8")


def encoded_row(result: ItemResult) -> tuple[str, str]:
    """A result as its report.json item (indented to sit in the items list) and its CSV line."""
    item = json.dumps(json_row(result), indent=2, ensure_ascii=False)
    return "\n".join("    " + line for line in item.splitlines()), csv_line(csv_row(result))


def csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def read_previous_report(outdir: Path, options: dict) -> dict[tuple[str, str, str], ItemResult]:
    """The rows of an earlier run's report.json in ``outdir``, if it ran with the same options."""
    path = Path(outdir) / REPORT_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != REPORT_FORMAT or document.get("options") != options:
        return {}
    rows = {}
    for row in document.get("items", ()):
        try:
            result = result_from_row(row)
        except (KeyError, TypeError, ValueError):
            continue
        rows[row_key(result)] = result
    return rows
