"""Benchmark the comparison: time and correctness per pair, ehcpdocs beside python-redlines.

Pairs: every pair in ../shared/corpus/wc_pairs/pairs.tsv, and each sample plan against its
final plan from ``ehcpdocs.amend`` (the plan pairs). For each pair and engine it prints the time
per comparison and whether the redline reads back as both versions:

- ehcpdocs (bold-strike): text without struck runs == NEW, without added runs == OLD;
- ehcpdocs (tracked) and Docxodus: Accept All == NEW, Reject All == OLD (ehcpdocs' own
  accept/reject applied to the output).

python-redlines (the Docxodus engine, a bundled .NET binary) is optional: install it for the
benchmark only (``pip install "python-redlines[docxodus]"``), it is not a dependency.

Usage: .venv/bin/python benchmarks/compare.py [--repeat N] [--no-docxodus]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ehcpdocs import amend, compare_documents  # noqa: E402
from ehcpdocs.texttools.diff import word_diff  # noqa: E402
from ehcpdocs.docx.finalise import accept_all  # noqa: E402
from ehcpdocs.docx.reject import reject_all  # noqa: E402

PAIRS_DIR = REPO.parent / "shared" / "corpus" / "wc_pairs"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def runs(paragraph):
    """(text, style) of each visible run (runs in tracked deletions skipped)."""
    out = []
    for run in paragraph.iter(W + "r"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in run.iterancestors()):
            continue
        rpr = run.find(W + "rPr")
        style = rpr.find(W + "rStyle") if rpr is not None else None
        text = "".join(
            (c.text or "") if c.tag == W + "t" else "\t" if c.tag == W + "tab" else "\n" if c.tag in (W + "br", W + "cr") else ""
            for c in run
        )
        if text:
            out.append((text, style.get(W + "val") if style is not None else ""))
    return out


def paragraphs(docx: bytes, drop: str | None = None) -> list[str]:
    """Normalised non-empty paragraph texts, without 'added' or 'deleted' ehcpdocs runs."""
    lines = []
    for paragraph in body(docx).iter(W + "p"):
        if any(a.tag == W + "txbxContent" for a in paragraph.iterancestors()):
            continue
        kept = [
            text for text, style in runs(paragraph)
            if not (drop == "added" and style.startswith("EhcpAddition"))
            and not (drop == "deleted" and style.startswith("EhcpDeletion"))
        ]
        line = " ".join("".join(kept).replace("\u200d", "").split())
        if line:
            lines.append(line)
    return lines


def tracked_characters(docx: bytes) -> int:
    root = body(docx)
    inserted = sum(len((t.text or "").strip()) for ins in root.iter(W + "ins") for t in ins.iter(W + "t"))
    deleted = sum(len((t.text or "").strip()) for d in root.iter(W + "del") for t in d.iter(W + "delText"))
    return inserted + deleted


def marked_characters(docx: bytes) -> int:
    total = 0
    for paragraph in body(docx).iter(W + "p"):
        for text, style in runs(paragraph):
            if style.startswith(("EhcpAddition", "EhcpDeletion")):
                total += len(text.strip())
    return total


def word_diff_characters(old: bytes, new: bytes) -> int:
    edits = word_diff("\n".join(paragraphs(old)), "\n".join(paragraphs(new)))
    return sum(len(edit.text.strip()) for edit in edits if edit.op != "equal")


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def load_pairs() -> list[tuple[str, bytes, bytes]]:
    pairs = []
    with open(PAIRS_DIR / "pairs.tsv", encoding="utf-8") as handle:
        for row in list(csv.reader(handle, delimiter="\t"))[1:]:
            pairs.append((row[0].split("(")[0], (PAIRS_DIR / row[1]).read_bytes(), (PAIRS_DIR / row[2]).read_bytes()))
    for plan in sorted((REPO / "samples" / "plans").glob("*.docx")):
        review = REPO / "samples" / "reviews" / f"{plan.stem}.json"
        if review.exists():
            pairs.append((f"plan {plan.stem}", plan.read_bytes(), amend(plan, review).final_docx))
    return pairs


def docxodus():
    """The Docxodus engine, or the reason it cannot run here."""
    try:
        from python_redlines.engines import DocxodusEngine

        return DocxodusEngine(), None
    except Exception as error:  # the optional engine: any failure is a reason to report
        return None, f"{type(error).__name__}: {error}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per pair for ehcpdocs (median taken)")
    parser.add_argument("--no-docxodus", action="store_true", help="skip python-redlines")
    options = parser.parse_args()
    engine, reason = (None, "skipped (--no-docxodus)") if options.no_docxodus else docxodus()
    print(f"{'pair':<22} {'ehcpdocs ms':>11} {'tracked ms':>10} {'ok':>3} {'marked':>6} {'wdiff':>6}"
          f" {'docxodus ms':>11} {'ok':>3} {'marked':>6}")
    totals = {"ours": [], "docx": [], "ours_plan": [], "docx_plan": []}
    failures = {"ours": 0, "docx": 0}
    for name, old, new in load_pairs():
        ours_time, result = timed(lambda: compare_documents(old, new), options.repeat)
        tracked_time, tracked = timed(lambda: compare_documents(old, new, markup="tracked"), options.repeat)
        redline = result.redline_docx
        ours_ok = (
            paragraphs(redline, "deleted") == paragraphs(new) and paragraphs(redline, "added") == paragraphs(old)
            and paragraphs(accept_all(tracked.redline_docx)) == paragraphs(new)
            and paragraphs(reject_all(tracked.redline_docx)) == paragraphs(old)
        )
        failures["ours"] += not ours_ok
        line = (f"{name:<22} {ours_time * 1000:>11.1f} {tracked_time * 1000:>10.1f} {'yes' if ours_ok else 'NO':>3}"
                f" {marked_characters(redline):>6} {word_diff_characters(old, new):>6}")
        is_plan = name.startswith("plan ")
        totals["ours_plan" if is_plan else "ours"].append(ours_time)
        if engine is not None:
            try:
                docx_time, output = timed(lambda: engine.run_redline("ehcpdocs", old, new)[0], 1)
                docx_ok = paragraphs(accept_all(output)) == paragraphs(new) and paragraphs(reject_all(output)) == paragraphs(old)
                failures["docx"] += not docx_ok
                totals["docx_plan" if is_plan else "docx"].append(docx_time)
                line += f" {docx_time * 1000:>11.1f} {'yes' if docx_ok else 'NO':>3} {tracked_characters(output):>6}"
            except Exception as error:  # one pair the engine cannot do: say so and go on
                failures["docx"] += 1
                line += f" {'failed':>11} ({type(error).__name__})"
        print(line)
    print()
    for label, ours, theirs in (("corpus pairs", "ours", "docx"), ("plan pairs", "ours_plan", "docx_plan")):
        if not totals[ours]:
            continue
        mean_ours = statistics.mean(totals[ours])
        text = f"{label}: ehcpdocs {mean_ours * 1000:.1f} ms per pair"
        if totals[theirs]:
            mean_theirs = statistics.mean(totals[theirs])
            text += f"; Docxodus {mean_theirs * 1000:.0f} ms per pair; ehcpdocs is {mean_theirs / mean_ours:.0f}x faster"
        print(text)
    print(f"pairs not reading back as both versions: ehcpdocs {failures['ours']}"
          + (f", Docxodus {failures['docx']}" if engine is not None else ""))
    if engine is None:
        print(f"python-redlines not run: {reason}")


if __name__ == "__main__":
    main()
