"""How long amending a plan takes, next to merely opening and saving it.

Prints the median seconds to amend (both DOCX outputs, no PDF) each sample plan, each council
layout fixture and generated plans of 10, 20 and 40 pages; the median seconds of the raw
round trip (unzip, parse every XML part with lxml, serialise, zip again) and of python-docx
opening and saving the same file; the ratio to the raw round trip (target: at most 3) and to
python-docx; and seconds per page, to show the cost is linear.

    .venv/bin/python benchmarks/amend.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path

import docx
from lxml import etree

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


def raw_round_trip(data: bytes) -> None:
    """Unzip, parse every XML part with lxml, serialise it, zip everything again."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith((".xml", ".rels")):
                content = etree.tostring(etree.fromstring(content), encoding="UTF-8", xml_declaration=True)
            target.writestr(info.filename, content)


def fixture_review(built) -> dict:
    """A one-word amendment in the first section with a word that occurs once in it."""
    plan = ehcpdocs.read_plan(built.docx)
    for letter, section in plan.sections.items():
        texts = [place.text for place in section.places]
        for text in texts:
            for word in text.split():
                if len(word) > 5 and word.isalpha() and sum(other.count(word) for other in texts) == 1:
                    return {
                        "plan_id": built.plan_id, "child": built.review_child(),
                        "review": {"meeting_date": "2026-10-12", "reasons": ["significant_change"],
                                   "evidence": ["Educational Psychology report, 1 September 2026"]},
                        "amendments": [{"op": "replace", "section": letter, "old": word, "new": word + "s"}],
                    }
    raise SystemExit(f"{built.key}: no word to amend")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    generator = load_generator()
    cases = []
    for plan_path in sorted((REPO / "samples" / "plans").glob("*.docx")):
        review = REPO / "samples" / "reviews" / f"{plan_path.stem}.json"
        cases.append((plan_path.name, plan_path.read_bytes(), ehcpdocs.load_review(review), None))
    sys.path.insert(0, str(REPO / "tests"))
    from fixtures.councils import all_fixtures

    for built in all_fixtures():
        cases.append((f"{built.key} layout", built.docx, ehcpdocs.load_review(fixture_review(built)), None))
    child = generator.fictional_child(7)
    for pages in (10, 20, 40):
        plan = generator.make_plan("heading-styles", "BEN-EHCP-0040", child, seed=7, pages=pages)
        review = generator.make_review("heading-styles", "BEN-EHCP-0040", child, seed=7, pages=pages)
        cases.append((f"generated {pages}-page plan", plan, ehcpdocs.load_review(review), pages))
    print(f"{'plan':<28} {'amend s':>9} {'raw s':>8} {'ratio':>6} {'docx s':>8} {'ratio':>6} {'s/page':>8}")
    for name, data, review, pages in cases:
        amend_s = median_seconds(lambda: ehcpdocs.amend(data, review), args.repeat)
        raw_s = median_seconds(lambda: raw_round_trip(data), args.repeat)
        save_s = median_seconds(lambda: open_and_save(data), args.repeat)
        per_page = f"{amend_s / pages:.4f}" if pages else "-"
        print(f"{name:<28} {amend_s:>9.4f} {raw_s:>8.4f} {amend_s / raw_s:>6.2f} {save_s:>8.4f} "
              f"{amend_s / save_s:>6.2f} {per_page:>8}")


if __name__ == "__main__":
    main()
