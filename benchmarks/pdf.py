"""Benchmark the PDF engines: seconds per document, native vs LibreOffice, and linearity.

Usage: python benchmarks/pdf.py [FILE.docx ...] [--runs N] [--no-libreoffice]

Default documents: samples/**/*.docx, generated plans of about 10, 20 and 40 pages (headings,
paragraphs and a provision table per block, built with python-docx) and a 40-page plan from the
sample generator (samples/make_samples.py, the heading-styles layout).

Each engine's fastest and median run are printed, and the ratio of each. On a shared machine
other work slows some runs by a third or more; the fastest run is the closest to what the work
itself costs, the median to what a busy machine gives. Compare runs made in the same
conditions, and repeat them.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import time
from pathlib import Path

import reportlab
from docx import Document

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ehcpdocs.pdf import render_pdf  # noqa: E402


def generated_plan(pages: int) -> bytes:
    """A plan of roughly ``pages`` A4 pages: sections A-K, prose and Section F tables."""
    document = Document()
    document.add_heading("Education, Health and Care Plan", 0)
    letters = "ABCDEFGHIJK"
    blocks = max(1, pages * 2)
    for index in range(blocks):
        letter = letters[index % len(letters)]
        document.add_heading(f"Section {letter}: part {index + 1}", 1)
        for _ in range(2):
            document.add_paragraph(
                "Zoë needs support from a trained adult to access learning, with short tasks, visual "
                "timetables and regular movement breaks, reviewed each term by the SENCo. " * 2
            )
        table = document.add_table(rows=5, cols=4)
        table.style = "Table Grid"
        for r, row in enumerate(table.rows):
            values = ("Provision", "Delivered by", "Frequency", "Need") if r == 0 else (
                f"Small-group literacy {r}", "Teaching assistant", "3 x 30 minutes weekly", "Cognition and learning")
            for cell, value in zip(row.cells, values):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timings(render, runs: int) -> tuple[float, float]:
    """(fastest, median) seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=15, help="native runs per document (LibreOffice: at most 3)")
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()

    documents: list[tuple[str, bytes]] = [(p.name, p.read_bytes()) for p in args.files]
    if not documents:
        documents = [(p.name, p.read_bytes()) for p in sorted((REPO / "samples").rglob("*.docx"))]
        for pages in (10, 20, 40):
            documents.append((f"generated-{pages}p", generated_plan(pages)))
        generator = load_generator()
        documents.append(("sample-layout-40p", generator.make_plan(
            "heading-styles", "BEN-EHCP-0040", generator.fictional_child(7), seed=7, pages=40)))
    libreoffice = shutil.which("soffice") is not None and not args.no_libreoffice
    render_pdf(documents[0][1])  # load fonts once, as a long-running service would

    print(f"reportlab {reportlab.Version}, C accelerator (rl_accel) {'in use' if accelerated() else 'not installed'}")
    print(f"{'':40} {'native s':>15} {'soffice s':>15} {'ratio':>13}")
    print(f"{'document':34} {'pages':>5} {'fastest':>7} {'median':>7} {'fastest':>7} {'median':>7} {'fastest':>6} {'median':>6}")
    per_page: list[tuple[int, float]] = []
    for name, data in documents:
        result = render_pdf(data)
        fastest, median = timings(lambda: render_pdf(data), args.runs)
        if name.startswith("generated-"):
            per_page.append((result.pages, fastest * 1000 / max(result.pages, 1)))
        row = f"{name[:34]:34} {result.pages:5d} {fastest:7.3f} {median:7.3f}"
        if libreoffice:
            office_fastest, office_median = timings(lambda: render_pdf(data, engine="libreoffice", timeout=300),
                                                    max(1, min(args.runs, 3)))
            row += (f" {office_fastest:7.3f} {office_median:7.3f} {office_fastest / fastest:5.1f}x"
                    f" {office_median / median:5.1f}x")
        print(row)
    if per_page:
        print("linearity (generated plans, fastest runs): "
              + ", ".join(f"{pages} pages {ms:.1f} ms/page" for pages, ms in per_page))
    if not libreoffice:
        print("LibreOffice (soffice) not installed or disabled: only the native engine was measured.")


def load_generator():
    """The fictional plan generator in samples/make_samples.py."""
    sys.path.insert(0, str(REPO / "samples"))
    import make_samples

    return make_samples


def accelerated() -> bool:
    """Whether reportlab found its optional C accelerator (the rl_accel package)."""
    from reportlab.lib import rl_accel

    return not rl_accel.fp_str.__module__.startswith("reportlab")


if __name__ == "__main__":
    main()
