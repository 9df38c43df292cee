"""How long amending a plan takes, next to python-docx merely opening and saving it.

Prints the median seconds to amend (both DOCX outputs, no PDF) each sample plan and generated
plans of 10, 20 and 40 pages, the median seconds python-docx needs to open and save the same
file, and the ratio (target: at most 2.5), plus seconds per page to show the cost is linear.

    .venv/bin/python benchmarks/amend.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ehcpdocs  # noqa: E402


def load_generator():
    sys.path.insert(0, str(REPO / "samples"))
    import make_samples

    return make_samples


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def open_and_save(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    document.save(io.BytesIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    generator = load_generator()
    cases = []
    for plan_path in sorted((REPO / "samples" / "plans").glob("*.docx")):
        review = REPO / "samples" / "reviews" / f"{plan_path.stem}.json"
        cases.append((plan_path.name, plan_path.read_bytes(), ehcpdocs.load_review(review), None))
    child = generator.fictional_child(7)
    for pages in (10, 20, 40):
        plan = generator.make_plan("heading-styles", "BEN-EHCP-0040", child, seed=7, pages=pages)
        review = generator.make_review("heading-styles", "BEN-EHCP-0040", child, seed=7, pages=pages)
        cases.append((f"generated {pages}-page plan", plan, ehcpdocs.load_review(review), pages))
    print(f"{'plan':<28} {'amend s':>9} {'open+save s':>12} {'ratio':>6} {'s/page':>8}")
    for name, data, review, pages in cases:
        amend_s = median_seconds(lambda: ehcpdocs.amend(data, review), args.repeat)
        save_s = median_seconds(lambda: open_and_save(data), args.repeat)
        per_page = f"{amend_s / pages:.4f}" if pages else "-"
        print(f"{name:<28} {amend_s:>9.4f} {save_s:>12.4f} {amend_s / save_s:>6.2f} {per_page:>8}")


if __name__ == "__main__":
    main()
