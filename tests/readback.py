"""Read an output .docx back the way a person sees it: which words are struck, which are bold.

Tests use it to check the markup from the document itself, not from the engine's own state.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def on(rpr, name: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(W + name)
    return element is not None and element.get(W + "val", "true") not in ("0", "false", "off")


def document_root(docx: bytes):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def part(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name)


def runs_of(paragraph):
    """(text, struck, bold, style) for each visible run of a paragraph, in order."""
    out = []
    for run in paragraph.iter(W + "r"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in run.iterancestors()):
            continue
        rpr = run.find(W + "rPr")
        style = rpr.find(W + "rStyle").get(W + "val") if rpr is not None and rpr.find(W + "rStyle") is not None else None
        text = ""
        for child in run:
            if child.tag == W + "t":
                text += child.text or ""
            elif child.tag == W + "tab":
                text += "\t"
            elif child.tag in (W + "br", W + "cr"):
                text += "\n"
        if text:
            out.append((text, on(rpr, "strike"), on(rpr, "b"), style))
    return out


def paragraphs(docx: bytes):
    """Every paragraph of the body (including table cells) as a list of runs_of tuples."""
    root = document_root(docx)
    return [runs_of(p) for p in root.iter(W + "p") if not any(a.tag == W + "txbxContent" for a in p.iterancestors())]


def marked(docx: bytes) -> list[str]:
    """Each paragraph's text with ~~struck~~ and **bold** runs marked, adjacent marks merged."""
    lines = []
    for runs in paragraphs(docx):
        line = ""
        for text, struck, bold, style in runs:
            is_add = bool(style and style.startswith("EhcpAddition"))
            is_del = bool(style and style.startswith("EhcpDeletion"))
            if is_del:
                line += "~~" + text + "~~"
            elif is_add:
                line += "**" + text + "**"
            else:
                line += text
        lines.append(line.replace("~~~~", "").replace("****", ""))
    return lines


def text_without(docx: bytes, drop: str) -> list[str]:
    """Paragraph texts without the struck ('deleted') or the added ('added') amendment runs."""
    lines = []
    for runs in paragraphs(docx):
        kept = []
        for text, struck, bold, style in runs:
            is_add = bool(style and style.startswith("EhcpAddition"))
            is_del = bool(style and style.startswith("EhcpDeletion"))
            if (drop == "deleted" and is_del) or (drop == "added" and is_add):
                continue
            kept.append(text)
        lines.append("".join(kept))
    return lines
