"""Helpers for the PDF renderer tests: building Word files and reading rendered PDFs back."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
WILD = REPO.parent / "shared" / "corpus" / "wild"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> list[str]:
    """Normalised words of a text (NFC, lower case, ligatures unfolded)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _WORD.findall(text)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def is_subsequence(expected: list[str], found: list[str]) -> tuple[bool, int]:
    """Whether the expected words appear in order in the found words (a word may be split)."""
    position = 0
    for index, word in enumerate(expected):
        while position < len(found):
            token = found[position]
            if token == word:
                position += 1
                break
            if word.startswith(token):
                joined, end = token, position + 1
                while end < len(found) and len(joined) < len(word) and word.startswith(joined + found[end]):
                    joined += found[end]
                    end += 1
                if joined == word:
                    position = end
                    break
            position += 1
        else:
            return False, index
    return True, len(expected)


def order_misses(expected: list[str], found: list[str]) -> int:
    """How many expected words cannot be matched in order (longest common subsequence blocks)."""
    import difflib

    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    return len(expected) - sum(block.size for block in matcher.get_matching_blocks())


def missing_words(expected: list[str], found: list[str], rtl: bool = False) -> set[str]:
    """Expected words absent from the PDF (right-to-left letters may come out reversed)."""
    present = set(found)
    joined = "".join(found)
    missing = {word for word in set(expected) if word not in present and word not in joined}
    if rtl:
        signatures = {"".join(sorted(word)) for word in found}
        missing = {word for word in missing if "".join(sorted(word)) not in signatures and word[::-1] not in joined}
        # a word of right-to-left letters run into Latin ones ("دونMHz") is drawn as two runs
        # in bidi order, which text extraction gives apart
        missing = {word for word in missing
                   if not all(part in joined or part[::-1] in joined for part in _direction_runs(word))}
    return missing


def _direction_runs(word: str) -> list[str]:
    """A word cut where it changes between right-to-left letters and others."""
    return [match.group(0) for match in re.finditer(r"[\u0590-\u08ff\ufb1d-\ufeff]+|[^\u0590-\u08ff\ufb1d-\ufeff]+", word)]


def _hidden(run) -> bool:
    rpr = run.find(f"{{{W}}}rPr") if run is not None else None
    if rpr is None:
        return False
    vanish = rpr.find(f"{{{W}}}vanish")
    if vanish is not None and vanish.get(f"{{{W}}}val") not in ("0", "false"):
        return True
    fonts = rpr.find(f"{{{W}}}rFonts")
    name = (fonts.get(f"{{{W}}}ascii") or "") if fonts is not None else ""
    return name.lower().startswith(("wingdings", "symbol", "webdings"))


_SKIP = {f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback", f"{{{W}}}instrText"}


def document_words(docx: bytes) -> list[str]:
    """The visible words of document.xml in reading order (text boxes after their paragraph)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(archive.read("word/document.xml"), parser)
    out: list[str] = []

    def paragraph(p) -> None:
        boxes = []
        texts = []
        stack = [iter(p)]
        field_depth = []
        while stack:
            try:
                node = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            if not isinstance(node.tag, str) or node.tag in _SKIP:
                continue
            if node.tag == f"{{{W}}}txbxContent":
                boxes.append(node)
                continue
            if node.tag == f"{{{W}}}fldChar":
                kind = node.get(f"{{{W}}}fldCharType")
                if kind == "begin":
                    field_depth.append(False)
                elif kind == "separate" and field_depth:
                    field_depth[-1] = True
                elif kind == "end" and field_depth:
                    field_depth.pop()
                continue
            if node.tag in (f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"):
                texts.append(" ")
                continue
            if node.tag in (f"{{{W}}}t", f"{{{M}}}t"):
                if all(field_depth) and not _hidden(node.getparent()):
                    texts.append(node.text or "")
                continue
            stack.append(iter(node))
        out.extend(words("".join(texts)))
        for box in boxes:
            blocks(box)

    def blocks(parent) -> None:
        for node in parent:
            if not isinstance(node.tag, str) or node.tag in _SKIP:
                continue
            if node.tag == f"{{{W}}}p":
                paragraph(node)
            else:
                blocks(node)

    body = root.find(f"{{{W}}}body")
    if body is not None:
        blocks(body)
    return out


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_field(paragraph, instruction: str, result: str = "1") -> None:
    """A complex field (begin, instruction, separate, result, end) at the end of a paragraph."""
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


def add_hyperlink(paragraph, url: str, text: str) -> None:
    part = paragraph.part
    rid = part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_el = OxmlElement("w:t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def sample_document() -> Document:
    """A small generated document with the features an EHCP uses."""
    document = Document()
    document.core_properties.title = "Sample plan for Zoë"
    document.core_properties.author = "Test author"
    document.add_heading("Education, Health and Care Plan", 0)
    document.add_heading("Section A: Views of Zoë Nguyễn", 1)
    document.add_paragraph("Siobhán and Łucja attend Brookfield school together ✓ ☐ →.")
    for item in ("first numbered point", "second numbered point", "third numbered point"):
        document.add_paragraph(item, style="List Number")
    for item in ("a bullet about reading", "a bullet about writing"):
        document.add_paragraph(item, style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    texts = [["alpha", "bravo", "charlie"], ["delta", "echo", "foxtrot"], ["golf", "hotel", "india"]]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(0, 1).merge(table.cell(0, 2))
    paragraph = document.add_paragraph("See the ")
    add_hyperlink(paragraph, "https://example.org/local-offer", "local offer website")
    paragraph.add_run(" for more.")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")
    document.sections[0].header.paragraphs[0].text = "Lowmoor council header"
    return document


def wild_files() -> list[Path]:
    return sorted(WILD.glob("*.docx")) if WILD.is_dir() else []

