"""Real-world Word files from the shared corpus: read without surprises, and edited faithfully.

Every file either reads or raises an EhcpDocsError. On every file that reads, each paragraph
with text gets a word changed through the same writer the amendment engine uses, and the
output is read back: the text without struck words is the new text, without bold additions
the old text, and every other part of the package is byte-identical.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from ehcpdocs.texttools.diff import word_diff
from ehcpdocs.docx.markup import BoldStrike, Final
from ehcpdocs.docx.output import write_document
from ehcpdocs.docx.package import open_package
from ehcpdocs.docx.reading import read_plan_document
from ehcpdocs.docx.text import paragraph_text
from ehcpdocs.errors import EhcpDocsError
from ehcpdocs.model.edits import EditScript, ParagraphChange
from ehcpdocs.api import read_plan

from builders import WILD
from readback import text_without

FILES = sorted(WILD.glob("*.docx"))


def changed(text: str) -> str | None:
    """The paragraph with its first word replaced, or None when it has no word."""
    words = text.split()
    for word in words:
        if word.isalpha():
            return text.replace(word, "CHANGED", 1)
    return None


def editable(path) -> bool:
    """True for files that open and have at least one paragraph with a word to change."""
    try:
        document = read_plan_document(open_package(path), require_sections=False)
    except EhcpDocsError:
        return False
    return any(changed(paragraph_text(p)) for p in document.paragraphs)


def test_the_corpus_is_there():
    assert len(FILES) >= 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_reads_or_raises_a_typed_error(path):
    try:
        read_plan(path)
    except EhcpDocsError as error:
        assert path.name in str(error)


def test_most_of_the_corpus_is_editable():
    assert sum(editable(path) for path in FILES) >= 45


@pytest.mark.parametrize("path", [p for p in FILES if editable(p)], ids=lambda p: p.name)
def test_word_level_edits_round_trip(path):
    document = read_plan_document(open_package(path), require_sections=False)
    script = EditScript()
    for key, paragraph in enumerate(document.paragraphs):
        text = paragraph_text(paragraph)
        new = changed(text)
        if new is None:
            continue
        script.changes.append(ParagraphChange(key, "A", tuple(word_diff(text, new))))
    original_texts = [paragraph_text(p) for p in document.paragraphs]
    marked = write_document(document, script, BoldStrike())
    final = write_document(read_plan_document(open_package(path), require_sections=False), script, Final())
    without_deleted = "".join(text_without(marked, "deleted"))
    without_added = "".join(text_without(marked, "added"))
    assert "CHANGED" in without_deleted
    assert "CHANGED" not in without_added
    final_document = read_plan_document(open_package(final), require_sections=False)
    final_texts = [paragraph_text(p) for p in final_document.paragraphs]
    changed_keys = {c.key for c in script.changes}
    for key, text in enumerate(original_texts):
        if key in changed_keys and key < len(final_texts):
            assert final_texts[key] == changed(text)
    originals = zipfile.ZipFile(path)
    for output in (marked, final):
        produced = zipfile.ZipFile(io.BytesIO(output))
        for name in originals.namelist():
            if name not in (document.package.main_part, "word/styles.xml") and not name.endswith("/"):
                assert produced.read(name) == originals.read(name), name
