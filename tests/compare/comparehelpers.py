"""Helpers for the comparison tests: the corpus pairs, and a document's text read back."""

from __future__ import annotations

import csv
import re

import readback
from builders import WC_PAIRS

W = readback.W


def corpus_pairs() -> list[tuple[str, str, str]]:
    """(test id, old file, new file) for every pair listed in pairs.tsv."""
    with open(WC_PAIRS / "pairs.tsv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(re.sub(r"\(.*\)", "", row[0]), row[1], row[2]) for row in rows if len(row) >= 3]


def normalised(lines: list[str]) -> list[str]:
    """Paragraph texts with whitespace collapsed and empty paragraphs left out."""
    return [" ".join(line.split()) for line in lines if line.strip()]


def plain_text(docx: bytes) -> list[str]:
    """Every body paragraph's visible text (text boxes read with their host paragraph)."""
    root = readback.document_root(docx)
    lines = []
    for paragraph in root.iter(W + "p"):
        if any(a.tag == W + "txbxContent" for a in paragraph.iterancestors()):
            continue
        lines.append("".join(text for text, *_ in readback.runs_of(paragraph)))
    return normalised(lines)


def without(docx: bytes, drop: str) -> list[str]:
    """The redline's text without its removed ('deleted') or added ('added') marks."""
    return normalised(readback.text_without(docx, drop))


def marked_characters(docx: bytes) -> int:
    """How many characters carry an amendment mark (added or removed)."""
    total = 0
    for runs in readback.paragraphs(docx):
        for text, _struck, _bold, style in runs:
            if style and (style.startswith("EhcpAddition") or style.startswith("EhcpDeletion")):
                total += len(text.strip())
    return total
