"""Word layout features plans use, each rendered from a small generated document and checked on
the page: tab stops and leaders, tables of contents with internal links, footnotes at the foot
of their page, columns, paragraph borders, table indents, header pictures and the rule above a
footer."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from pdfhelpers import docx_bytes
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from test_rendering import horizontal_lines, text_pieces

from ehcpdocs.pdf import fonts, render_pdf


def _face(base_font: str) -> str:
    """The registered reportlab face of a PDF font name such as ``/AAAAAA+Carlito``."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    fonts.ensure_registered(name)
    return name


def _piece(pieces, text):
    return next(piece for piece in pieces if text in piece[0])


def _end(piece) -> float:
    return piece[2] + stringWidth(piece[0].strip(), _face(piece[1]), piece[4])


def _render(document) -> bytes:
    result = render_pdf(docx_bytes(document))
    return result.pdf


# ----- tab stops ------------------------------------------------------------------------------


def test_centre_right_and_decimal_tab_stops_align_text_at_their_positions():
    document = Document()
    margin = document.sections[0].left_margin.pt
    paragraph = document.add_paragraph("Name\tCentred\tRight end")
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(8), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    for amount in ("12.50", "1234.5"):
        paragraph = document.add_paragraph(f"Amount\t{amount}")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(10), WD_TAB_ALIGNMENT.DECIMAL)
    pieces = text_pieces(_render(document))
    name, centred, right = _piece(pieces, "Name"), _piece(pieces, "Centred"), _piece(pieces, "Right end")
    assert abs(name[2] - margin) < 0.5
    assert abs((centred[2] + _end(centred)) / 2 - (margin + Cm(8).pt)) < 0.5
    assert abs(_end(right) - (margin + Cm(16).pt)) < 0.5
    assert centred[3] == right[3] == name[3]
    for amount in ("12.50", "1234.5"):
        piece = _piece(pieces, amount)
        whole = amount.split(".")[0]
        point = piece[2] + stringWidth(whole, _face(piece[1]), piece[4])
        assert abs(point - (margin + Cm(10).pt)) < 0.5


def test_tab_leaders_fill_the_gap_with_dots_hyphens_or_underscores():
    document = Document()
    margin = document.sections[0].left_margin.pt
    for leader, char in ((WD_TAB_LEADER.DOTS, "."), (WD_TAB_LEADER.DASHES, "-"), (WD_TAB_LEADER.HEAVY, "_")):
        paragraph = document.add_paragraph(f"Section {char}\t12")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, leader)
    pieces = text_pieces(_render(document))
    numbers = [piece for piece in pieces if piece[0].strip() == "12"]
    assert len(numbers) == 3
    for char in ".-_":
        label = _piece(pieces, f"Section {char}")
        leader = next(piece for piece in pieces if set(piece[0].strip()) == {char} and abs(piece[3] - label[3]) < 0.1)
        number = next(piece for piece in numbers if abs(piece[3] - label[3]) < 0.1)
        assert len(leader[0].strip()) > 20
        assert leader[2] >= _end(label) - 0.1  # from after the text ...
        assert _end(leader) <= number[2] + 0.1  # ... up to the number
        assert number[2] - _end(leader) < 6
        assert abs(_end(number) - (margin + Cm(15).pt)) < 0.5


def test_tabs_without_stops_go_to_the_default_stops_from_the_settings():
    document = Document()
    settings = document.settings.element
    for old in settings.findall(f"{{{settings.nsmap['w']}}}defaultTabStop"):
        settings.remove(old)
    settings.append(parse_xml(f'<w:defaultTabStop {nsdecls("w")} w:val="1134"/>'))  # 2 cm
    margin = document.sections[0].left_margin.pt
    document.add_paragraph("a\tb\tc")
    pieces = text_pieces(_render(document))
    assert abs(_piece(pieces, "b")[2] - (margin + Cm(2).pt)) < 0.5
    assert abs(_piece(pieces, "c")[2] - (margin + Cm(4).pt)) < 0.5


def test_text_after_a_left_tab_wraps_back_to_the_left_indent():
    document = Document()
    margin = document.sections[0].left_margin.pt
    paragraph = document.add_paragraph("1.\t" + "words that run on " * 12)
    paragraph.paragraph_format.left_indent = Cm(1)
    paragraph.paragraph_format.first_line_indent = Cm(-1)
    pieces = text_pieces(_render(document))
    first = _piece(pieces, "words")
    later = [piece for piece in pieces if piece[3] < first[3] - 1]
    assert abs(first[2] - (margin + Cm(1).pt)) < 0.5  # the hanging indent is a tab stop
    assert later and all(abs(piece[2] - (margin + Cm(1).pt)) < 0.5 for piece in later)
