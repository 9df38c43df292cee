"""compare tells images and footnote/endnote text apart, and check survives odd marked copies."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import pytest
from click.testing import CliRunner

from builders import docx_bytes
from ehcpdocs import check, compare_documents, finalise
from ehcpdocs.cli import cli

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s"


def png(red: int, green: int, blue: int) -> bytes:
    """A 2 x 2 PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([red, green, blue]) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def with_pictures(*colours) -> bytes:
    document = docx.Document()
    document.add_paragraph("A plan with a picture of the timetable card.")
    for colour in colours:
        document.add_picture(io.BytesIO(png(*colour)))
    document.add_paragraph("The end.")
    return docx_bytes(document)


def with_notes(kind: str, *texts: str) -> bytes:
    """A document whose first paragraph refers to one note per text (footnotes or endnotes)."""
    document = docx.Document()
    document.add_paragraph("Provision is reviewed termly.")
    document.add_paragraph("The end.")
    data = docx_bytes(document)
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    notes = "".join(
        f'<w:{kind} w:id="{number}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'
        for number, text in enumerate(texts, start=1)
    )
    parts[f"word/{kind}s.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W_NS}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>{notes}</w:{kind}s>'
    ).encode()
    references = "".join(f'<w:r><w:{kind}Reference w:id="{n}"/></w:r>' for n in range(1, len(texts) + 1))
    document_xml = parts["word/document.xml"].decode()
    first = document_xml.index("Provision is reviewed termly.</w:t></w:r>") + len("Provision is reviewed termly.</w:t></w:r>")
    parts["word/document.xml"] = (document_xml[:first] + references + document_xml[first:]).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace("</Relationships>", f'<Relationship Id="rIdNotes" Type="{NOTES_REL.format(kind=kind)}" '
                                            f'Target="{kind}s.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace(
        "</Types>", f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.openxmlformats-'
                    f'officedocument.wordprocessingml.{kind}s+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def test_same_pictures_are_identical():
    result = compare_documents(with_pictures((255, 0, 0)), with_pictures((255, 0, 0)))
    assert result.identical
    assert result.summary["images_added"] == result.summary["images_removed"] == 0


def test_a_replaced_picture_is_a_difference():
    result = compare_documents(with_pictures((255, 0, 0)), with_pictures((0, 0, 255)))
    summary = result.summary
    assert not result.identical and summary["status"] == "different"
    assert summary["images_added"] == 1 and summary["images_removed"] == 1
    assert {"image_added", "image_removed"} <= {change["kind"] for change in summary["changes"]}
    assert any("images or embedded objects differ" in warning for warning in summary["warnings"])


def test_an_added_or_reordered_picture_is_a_difference():
    added = compare_documents(with_pictures((255, 0, 0)), with_pictures((255, 0, 0), (0, 255, 0))).summary
    assert added["images_added"] == 1 and added["images_removed"] == 0
    moved = compare_documents(with_pictures((255, 0, 0), (0, 255, 0)), with_pictures((0, 255, 0), (255, 0, 0))).summary
    assert moved["status"] == "different"
    assert [change["kind"] for change in moved["changes"]] == ["images_reordered"]


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_note_text_is_compared(kind):
    same = compare_documents(with_notes(kind, "EP report, 2026."), with_notes(kind, "EP report, 2026."))
    assert same.identical
    result = compare_documents(with_notes(kind, "EP report, 2026."), with_notes(kind, "EP report, 2025."))
    summary = result.summary
    assert summary["status"] == "different" and summary[f"{kind}s_changed"] == 1
    change = next(change for change in summary["changes"] if change["kind"] == f"{kind}_changed")
    assert change["where"] == f"{kind} 1" and "2026" in change["before"] and "2025" in change["after"]
    assert any(f"{kind} text differs" in warning for warning in summary["warnings"])
    added = compare_documents(with_notes(kind, "One."), with_notes(kind, "One.", "Two.")).summary
    assert [c["kind"] for c in added["changes"]] == [f"{kind}_added"]


def test_the_terminal_says_so(tmp_path):
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(with_pictures((255, 0, 0)))
    new.write_bytes(with_pictures((0, 0, 255)))
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(tmp_path / "red.docx")])
    assert result.exit_code == 0, result.output
    assert "no differences" not in result.output
    assert "1 images added, 1 removed" in result.output and "warning: images or embedded objects differ" in result.output
    old.write_bytes(with_notes("footnote", "Old note."))
    new.write_bytes(with_notes("footnote", "New note."))
    result = CliRunner().invoke(cli, ["compare", str(old), str(new), "-o", str(tmp_path / "red.docx")])
    assert "1 footnotes changed" in result.output and "warning: footnote text differs" in result.output


def document(paragraphs=(), rows=()) -> bytes:
    built = docx.Document()
    for text in paragraphs:
        built.add_paragraph(text)
    if rows:
        table = built.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    return docx_bytes(built)


ORIGINAL = document(["Weekly speech  and language therapy.", "Second paragraph."],
                    [["Provision", "Weekly 30 minutes"], ["Support", "Daily"]])
ODD_COPIES = {
    "whitespace_differs": document(["Weekly speech and language\ttherapy.", "Second  paragraph."],
                                   [["Provision", "Weekly  30 minutes"], ["Support", "Daily"]]),
    "fewer_rows": document(["Weekly speech  and language therapy.", "Second paragraph."], [["Provision", "Weekly 30 minutes"]]),
    "fewer_cells": document(["Weekly speech  and language therapy.", "Second paragraph."], [["Provision"], ["Support"]]),
    "tables_removed": document(["Weekly speech  and language therapy.", "Second paragraph."]),
    "empty": document(),
    "more_cells": document(["Weekly speech and language therapy."], [["Provision", "Weekly 30", "minutes", "x"]]),
}


@pytest.mark.parametrize("name", sorted(ODD_COPIES))
def test_check_and_finalise_take_odd_copies(name):
    marked = ODD_COPIES[name]
    result = check(ORIGINAL, marked)
    assert isinstance(result.issues, list)
    if name == "whitespace_differs":
        assert result.clean, result.issues  # only whitespace changed: nothing a reader sees
    if name == "tables_removed":
        assert "table_removed" in [issue["kind"] for issue in result.issues]
    finalise(marked, against=ORIGINAL)
    compare_documents(ORIGINAL, marked)
