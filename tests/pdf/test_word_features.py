"""Word layout features plans use, each rendered from a small generated document and checked on
the page: tab stops and leaders, tables of contents with internal links, footnotes at the foot
of their page, columns, paragraph borders, table indents, header pictures and the rule above a
footer."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
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


# ----- tables of contents and internal links --------------------------------------------------


def _bookmark(paragraph, name: str, number: int) -> None:
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>')
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _toc_entry(document, text: str, anchor: str, page: str, right: float):
    """A Word TOC entry: a hyperlink to the heading's bookmark holding the text, a tab and a
    PAGEREF field, with a right tab stop with dot leader."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(right), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    runs = (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r><w:r><w:tab/></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{page}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="{anchor}" w:history="1">{runs}</w:hyperlink>'))
    return paragraph


def _target(reader, link) -> tuple[int, float]:
    """(page index, top) a link annotation goes to."""
    destination = link["/Dest"]
    if not isinstance(destination, list):
        destination = reader.named_destinations[str(destination)]
        return reader.get_destination_page_number(destination), float(destination.top)
    page = next(index for index, page in enumerate(reader.pages)
                if page.indirect_reference.idnum == destination[0].idnum)
    return page, float(destination[3])


def test_a_table_of_contents_has_dot_leaders_and_links_to_its_headings():
    document = Document()
    width = document.sections[0].page_width.pt - document.sections[0].left_margin.pt - document.sections[0].right_margin.pt
    document.add_paragraph("Contents")
    headings = [("Section A: Views, interests and aspirations", "_Toc101"), ("Section B: Special educational needs", "_Toc102")]
    for index, (text, anchor) in enumerate(headings):
        _toc_entry(document, text, anchor, str(index + 2), width)
    for index, (text, anchor) in enumerate(headings):
        document.add_page_break()
        document.add_paragraph("Some text before the heading.")
        heading = document.add_heading(text, level=1)
        _bookmark(heading, anchor, index)
        document.add_paragraph("The section's text.")
    pdf = _render(document)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    pieces = text_pieces(pdf)
    assert sum(1 for piece in pieces if set(piece[0].strip()) == {"."} and len(piece[0].strip()) > 10) == 2
    links = [annotation.get_object() for annotation in reader.pages[0].get("/Annots", [])]
    assert links and all("/Dest" in link for link in links)
    for index, (text, _anchor) in enumerate(headings):
        entry = _piece(pieces, text)
        own = [link for link in links if float(link["/Rect"][1]) <= entry[3] <= float(link["/Rect"][3])]
        assert min(float(link["/Rect"][0]) for link in own) <= entry[2] + 0.5
        assert max(float(link["/Rect"][2]) for link in own) >= document.sections[0].left_margin.pt + width - 1  # the number too
        targets = {_target(reader, link) for link in own}
        assert len(targets) == 1
        page, top = targets.pop()
        assert page == index + 1
        heading = _piece(text_pieces(pdf, page), text)
        assert heading[3] < top < heading[3] + 40  # at the heading, not the page's top


def test_a_table_of_contents_shows_the_pages_the_headings_are_on_in_the_pdf():
    """Word saves each PAGEREF's number as Word last laid the document out; the PDF shows the
    page its heading is on here, also when that differs ("99", or a section that grew)."""
    document = Document()
    width = document.sections[0].page_width.pt - document.sections[0].left_margin.pt - document.sections[0].right_margin.pt
    document.add_paragraph("Contents")
    sections = [("Section A: Views", "_Toc201", 0), ("Section B: Needs", "_Toc202", 3), ("Section F: Provision", "_Toc203", 0)]
    for text, anchor, _pages in sections:
        _toc_entry(document, text, anchor, "99", width)
    simple = document.add_paragraph("Provision is set out on page ")
    simple._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGEREF _Toc203 \\h "><w:r><w:t>98</w:t></w:r></w:fldSimple>'))
    above = document.add_paragraph("See the needs ")
    above._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGEREF _Toc202 \\p "><w:r><w:t>above</w:t></w:r></w:fldSimple>'))
    for number, (text, anchor, pages) in enumerate(sections):
        document.add_page_break()
        _bookmark(document.add_heading(text, level=1), anchor, number)
        for _ in range(pages * 9):
            document.add_paragraph("The section's text runs on over several pages. " * 12)
    pdf = _render(document)
    reader = PdfReader(io.BytesIO(pdf))
    on_page = {text: next(number for number, page in enumerate(reader.pages[1:], 2) if text in page.extract_text())
               for text, _anchor, _pages in sections}  # past the contents page, which names them too
    assert on_page["Section A: Views"] == 2 and on_page["Section F: Provision"] > on_page["Section B: Needs"] + 2
    contents = [piece[0].strip() for piece in text_pieces(pdf, 0)]
    numbers = [text for text in contents if text.isdigit()]
    assert numbers == [str(on_page[text]) for text, _a, _p in sections]
    first = " ".join(reader.pages[0].extract_text().split())
    assert f"Provision is set out on page {on_page['Section F: Provision']}" in first  # a w:fldSimple
    assert "99" not in first and "98" not in first
    assert "See the needs above" in first  # a position (PAGEREF with p), not a number: kept


def test_a_link_to_a_bookmark_that_is_not_there_is_plain_text():
    document = Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="_Nowhere"><w:r><w:t>dangling</w:t></w:r></w:hyperlink>'))
    pdf = _render(document)
    reader = PdfReader(io.BytesIO(pdf))
    assert "dangling" in reader.pages[0].extract_text()
    assert not reader.pages[0].get("/Annots")


# ----- footnotes ------------------------------------------------------------------------------

_NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _with_footnotes(document, notes: dict[str, str]) -> bytes:
    """The document with ``[[n]]`` in its text replaced by references to footnote n (``notes``:
    number -> text)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes(document)))
    parts = {name: source.read(name) for name in source.namelist()}
    w_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for number, text in notes.items())
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w_ns}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'{body}</w:footnotes>').encode()
    xml = parts["word/document.xml"].decode()
    xml = re.sub(r"\[\[(\d+)\]\]</w:t></w:r>",
                 lambda m: '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                           f'<w:footnoteReference w:id="{m.group(1)}"/></w:r>', xml)
    parts["word/document.xml"] = xml.encode()
    rels = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>", f'<Relationship Id="rIdNotes" Type="{_NOTES_REL}" Target="footnotes.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.footnotes+xml"/></Types>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def test_footnotes_sit_at_the_foot_of_the_page_that_refers_to_them():
    document = Document()
    bottom_margin = document.sections[0].bottom_margin.pt
    for index in range(70):
        text = f"Paragraph {index} of the plan's text."
        if index in (5, 60):
            text += f"[[{1 if index == 5 else 2}]]"
        document.add_paragraph(text)
    pdf = render_pdf(_with_footnotes(document, {"1": "First note: the EP report.", "2": "Second note."})).pdf
    reader = PdfReader(io.BytesIO(pdf))
    pages = [text_pieces(pdf, index) for index in range(len(reader.pages))]
    for number, referring, note in (("1", "Paragraph 5 ", "First note"), ("2", "Paragraph 60 ", "Second note")):
        page = next(index for index, pieces in enumerate(pages) if any(referring in p[0] for p in pieces))
        pieces = pages[page]
        body = _piece(pieces, referring)
        note_piece = _piece(pieces, note)
        body_lowest = min(p[3] for p in pieces if p[0].strip().startswith("Paragraph"))
        assert bottom_margin - 1 < note_piece[3] < body_lowest  # below all the body text, above the margin
        marks = [p for p in pieces if p[0].strip() == number]
        assert len(marks) == 2  # the reference and the note's own number, both raised and smaller
        reference = next(p for p in marks if abs(p[3] - body[3]) < 1)
        own = next(p for p in marks if abs(p[3] - note_piece[3]) < 1)
        assert reference[4] < body[4] * 0.8 and own[4] < note_piece[4] * 0.8
        assert re.search(rb"\n[1-9][\d.]* Ts", reader.pages[page].get_contents().get_data())  # raised
        rules = [line for line in horizontal_lines(pdf, page) if note_piece[3] < line[2] < body_lowest]
        assert len(rules) == 1 and 100 < rules[0][1] - rules[0][0] < 150  # the separator
    assert len(reader.pages) >= 2 and "Second note" not in reader.pages[0].extract_text()


def test_a_bar_tab_is_a_vertical_rule_through_its_paragraph_and_not_a_stop():
    """``w:tab w:val="bar"``: Word draws a rule at the position through the paragraph's lines (a
    table-like list without a table) and places tabbed text at the next real stop."""
    document = Document()
    stops = ('<w:tab w:val="bar" w:pos="2880"/><w:tab w:val="left" w:pos="3000"/>'
             '<w:tab w:val="left" w:pos="6000"/>')
    for text in ("Reading\tweekly\t30 minutes", "Speech and language therapy " * 4):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:tabs {nsdecls("w")}>{stops}</w:tabs>'))
    pdf = _render(document)
    margin = document.sections[0].left_margin.pt
    bars = [line for line in _vertical_lines(pdf) if abs(line[0] - (margin + 144)) < 0.01]
    assert len(bars) == 2  # one per paragraph, the tabbed one and the wrapped one
    pieces = text_pieces(pdf)
    lines = sorted({round(piece[3], 1) for piece in pieces}, reverse=True)
    assert bars[0][2] - bars[0][1] > 8 and bars[1][2] - bars[1][1] > 2 * (bars[0][2] - bars[0][1]) * 0.8
    assert abs(_piece(pieces, "weekly")[2] - (margin + 150)) < 0.5  # the next stop, not the bar
    assert len(lines) >= 3


# ----- paragraph borders, table indents and the rule above the footer -------------------------


def _borders(paragraph, **sides) -> None:
    """Paragraph borders: side -> (eighths of a point, space in points)."""
    edges = "".join(f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="000000"/>'
                    for side, (size, space) in sides.items())
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:pBdr {nsdecls("w")}>{edges}</w:pBdr>'))


def _vertical_lines(pdf: bytes, page: int = 0) -> list[tuple[float, float, float]]:
    """(x, y1, y2) of the vertical lines stroked on a page."""
    data = PdfReader(io.BytesIO(pdf)).pages[page].get_contents().get_data()
    out = []
    for match in re.finditer(rb"([\d.-]+) ([\d.-]+) m ([\d.-]+) ([\d.-]+) l S", data):
        x1, y1, x2, y2 = (float(value) for value in match.groups())
        if abs(x1 - x2) < 0.01:
            out.append((x1, min(y1, y2), max(y1, y2)))
    return out


def test_paragraphs_with_the_same_borders_share_one_box_with_between_rules():
    document = Document()
    margin = document.sections[0].left_margin.pt
    width = document.sections[0].page_width.pt - margin - document.sections[0].right_margin.pt
    document.add_paragraph("Before the box.")
    boxed = []
    for text in ("Boxed one.", "Boxed two.", "Boxed three."):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.left_indent = Cm(1)
        _borders(paragraph, top=(8, 4), bottom=(8, 4), left=(8, 6), right=(8, 6), between=(4, 2))
        boxed.append(paragraph)
    document.add_paragraph("After the box.")
    pdf = _render(document)
    pieces = text_pieces(pdf)
    one, three = _piece(pieces, "Boxed one"), _piece(pieces, "Boxed three")
    before, after = _piece(pieces, "Before the box"), _piece(pieces, "After the box")
    across = sorted(horizontal_lines(pdf), key=lambda line: -line[2])
    assert len(across) == 4  # top, two between rules, bottom
    top, bottom = across[0], across[-1]
    assert before[3] > top[2] > one[3] + one[4] * 0.7  # above the first paragraph's text
    assert three[3] > bottom[2] > after[3] + after[4]
    for upper, lower, text in zip(across, across[1:], ("Boxed one", "Boxed two", "Boxed three")):
        assert lower[2] < _piece(pieces, text)[3] < upper[2]  # each paragraph between its rules
    for line in across:
        assert abs(line[0] - (margin + Cm(1).pt - 6 - 1)) < 0.6  # from outside the left border's space
        assert abs(line[1] - (margin + width + 6 + 1)) < 0.6
    down = _vertical_lines(pdf)
    sides = sorted({round(line[0], 1) for line in down})
    assert len(sides) == 2  # a left and a right line through the whole box, without gaps
    for x in sides:
        pieces_of_side = sorted((line[1], line[2]) for line in down if round(line[0], 1) == x)
        assert pieces_of_side[0][0] <= bottom[2] + 0.6 and pieces_of_side[-1][1] >= top[2] - 0.6
        assert all(abs(a[1] - b[0]) < 0.01 for a, b in zip(pieces_of_side, pieces_of_side[1:]))
    assert abs(sides[0] - (margin + Cm(1).pt - 6 - 0.5)) < 0.6
    for piece in (one, _piece(pieces, "Boxed two"), three):
        assert abs(piece[2] - (margin + Cm(1).pt)) < 0.01


def test_a_rule_stays_with_its_paragraph_when_the_paragraph_moves_to_the_next_page():
    # A heading with a top border, kept with the table after it: when the two move to the next
    # page, the border used to stay behind as a rule above the footer.
    for extra in range(0, 40, 4):
        document = Document()
        for index in range(24):
            document.add_paragraph(f"Filler {index}")
        document.add_paragraph("Spacer").paragraph_format.space_after = Pt(extra)
        heading = document.add_paragraph("Section F heading")
        heading.paragraph_format.keep_with_next = True
        _borders(heading, top=(8, 4))
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell in table.rows[0].cells:
            cell.text = "\n".join(["cell line"] * 6)
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        document.sections[0].footer.paragraphs[0].text = "Footer"
        pdf = _render(document)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        for page in range(pages):
            pieces = [piece for piece in text_pieces(pdf, page) if "Footer" not in piece[0]]
            lowest = min(piece[3] for piece in pieces)
            heading_here = any("Section F" in piece[0] for piece in pieces)
            rules = [line for line in horizontal_lines(pdf, page) if line[2] < lowest]
            if not any("cell line" in piece[0] for piece in pieces):
                assert not rules, f"a stray rule on page {page + 1} (space after {extra})"
            if heading_here:
                heading_piece = _piece(pieces, "Section F")
                assert any(heading_piece[3] < line[2] < heading_piece[3] + 20 for line in horizontal_lines(pdf, page))


def _stroke_groups(pdf: bytes) -> list[tuple[str, list[tuple[float, float, float, float]]]]:
    """Each line set-up of a page (width and dash operators) with the lines stroked after it."""
    data = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    groups = []
    for match in re.finditer(r"([\d.]+ w \[[\d. ]*\] 0 d)|([\d.-]+) ([\d.-]+) m ([\d.-]+) ([\d.-]+) l S", data):
        if match.group(1):
            groups.append((match.group(1), []))
        elif groups:
            groups[-1][1].append(tuple(float(value) for value in match.groups()[1:]))
    return groups


def test_border_line_styles_are_drawn_double_dashed_and_dotted():
    """Word's border styles: a double border is two lines, dashed and dotted ones dash patterns
    (all were drawn as one solid line); in paragraphs and in tables."""
    document = Document()
    for style in ("double", "dashed", "dotted", "thinThickSmallGap"):
        paragraph = document.add_paragraph(f"A {style} rule under this line")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="{style}" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'))
        document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    sides = (("top", "double"), ("bottom", "double"), ("left", "dashed"), ("right", "dashed"),
             ("insideH", "dotted"), ("insideV", "single"))
    edges = "".join(f'<w:{side} w:val="{value}" w:sz="8" w:color="000000"/>' for side, value in sides)
    table._tbl.tblPr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>'))
    for cell in table._cells:
        cell.text = "Provision"
    pdf = _render(document)
    groups = _stroke_groups(pdf)
    horizontal = sorted((round(line[1], 2), line[0], line[2]) for _setup, lines in groups for line in lines
                        if line[1] == line[3])
    # a double border of 1 pt lines (w:sz 8): two lines with a 1 pt gap, centres 2 pt apart
    pairs = [(low, high) for low, high in zip(horizontal, horizontal[1:])
             if abs(high[0] - low[0] - 2) < 0.01 and low[1:] == high[1:]]
    assert len(pairs) == 4  # the double and thin-thick paragraph rules, the table's top and bottom
    setups = [setup for setup, lines in groups if lines]
    assert "1 w [4 3] 0 d" in setups  # dashed: the paragraph rule and the table's sides
    assert "1 w [1 1] 0 d" in setups  # dotted: the paragraph rule and the inside rows
    assert "1 w [] 0 d" in setups  # the single inside columns stay solid
    vertical_dashed = [line for setup, lines in groups if setup == "1 w [4 3] 0 d" for line in lines if line[0] == line[2]]
    assert len(vertical_dashed) == 2  # the table's left and right sides


def test_table_indent_and_alignment_place_the_table():
    document = Document()
    margin = document.sections[0].left_margin.pt
    width = document.sections[0].page_width.pt - margin - document.sections[0].right_margin.pt
    for label, xml in (("indented", '<w:tblInd w:w="1134" w:type="dxa"/>'),
                       ("centred", '<w:jc w:val="center"/>'), ("right", '<w:jc w:val="right"/>')):
        table = document.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        table.autofit = False
        table.columns[0].width = Cm(5)
        table.rows[0].cells[0].width = Cm(5)
        table.rows[0].cells[0].text = label
        table._tbl.tblPr.append(parse_xml(xml.replace("/>", f' {nsdecls("w")}/>')))
        document.add_paragraph("")
    pdf = _render(document)
    lefts = sorted({round(line[0], 1) for line in _vertical_lines(pdf)})
    assert any(abs(x - (margin + Cm(2).pt)) < 0.6 for x in lefts)  # indented by 2 cm
    assert any(abs(x - (margin + (width - Cm(5).pt) / 2)) < 0.6 for x in lefts)  # centred
    assert any(abs(x - (margin + width)) < 0.6 for x in lefts)  # right edge at the margin


# ----- columns --------------------------------------------------------------------------------


def _two_columns(section, space_twips: int = 720, separator: bool = True) -> None:
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:cols")):
        sect_pr.remove(old)
    sep = ' w:sep="1"' if separator else ""
    sect_pr.append(parse_xml(f'<w:cols {nsdecls("w")} w:num="2" w:space="{space_twips}"{sep}/>'))


def test_a_two_column_section_fills_its_columns_in_turn_with_a_column_break():
    document = Document()
    section = document.sections[0]
    margin = section.left_margin.pt
    width = section.page_width.pt - margin - section.right_margin.pt
    column = (width - 36) / 2
    for index in range(4):
        document.add_paragraph(f"First column {index}: words enough to wrap inside half the page width.")
    paragraph = document.add_paragraph("Last of the first column.")
    paragraph.add_run().add_break(WD_BREAK.COLUMN)
    paragraph.add_run("Second column text.")
    _two_columns(section)
    pdf = _render(document)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    pieces = text_pieces(pdf)
    first = [piece for piece in pieces if piece[2] < margin + column]
    assert all(abs(piece[2] - margin) < 0.5 for piece in first)
    assert all(piece[2] + stringWidth(piece[0].strip(), _face(piece[1]), piece[4]) <= margin + column + 0.5
               for piece in first)
    second = _piece(pieces, "Second column text")
    assert abs(second[2] - (margin + column + 36)) < 0.5
    assert abs(second[3] - _piece(pieces, "First column 0")[3]) < 0.5  # at the top of the column
    starts = [_piece(pieces, f"First column {index}")[3] for index in range(3)]
    assert starts[0] - starts[1] > 2 * 11 and starts[1] - starts[2] > 2 * 11  # each wrapped at the column
    separators = [line for line in _vertical_lines(pdf) if abs(line[0] - (margin + column + 18)) < 0.5]
    assert len(separators) == 1


def test_a_continuous_two_column_section_is_balanced_between_one_column_text():
    document = Document()
    section = document.sections[0]
    margin = section.left_margin.pt
    width = section.page_width.pt - margin - section.right_margin.pt
    document.add_paragraph("Intro across the whole width of the page, before the columns start here.")
    document.add_section(WD_SECTION.CONTINUOUS)
    for index in range(10):
        document.add_paragraph(f"Balanced {index}: text in two columns.")
    document.add_section(WD_SECTION.CONTINUOUS)
    document.add_paragraph("Back to one column.")
    _two_columns(document.sections[1], separator=False)
    pdf = _render(document)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    pieces = text_pieces(pdf)
    intro, after = _piece(pieces, "Intro across"), _piece(pieces, "Back to one column")
    balanced = [piece for piece in pieces if "Balanced" in piece[0]]
    left = [piece for piece in balanced if abs(piece[2] - margin) < 0.5]
    right = [piece for piece in balanced if abs(piece[2] - (margin + (width + 36) / 2)) < 0.5]
    # both columns used, the second no longer than the first (reportlab's balancing, which can
    # leave a paragraph or so more in the first column than Word does)
    assert len(left) + len(right) == 10 and 0 <= len(left) - len(right) <= 2
    assert all(intro[3] > piece[3] > after[3] for piece in balanced)  # between the one-column text
    assert abs(after[2] - margin) < 0.5


# ----- pictures on a line of text -------------------------------------------------------------

# a picture's placement, inside its marked content (a Figure's or an artifact's) in a tagged PDF
_PLACED = re.compile(rb"1 0 0 1 ([\d.-]+) ([\d.-]+) cm\s+(?:/\S+ <</MCID \d+>> BDC\s+|/Artifact BMC\s+)?q\s+([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+/\S+ Do")


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([30, 90, 160]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_an_inline_picture_in_a_header_sits_on_its_line_beside_the_text():
    document = Document()
    margin = document.sections[0].left_margin.pt
    header = document.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(_png(40, 20)), width=Cm(2))
    header.add_run(" Lowmoor City Council\tOFFICIAL")
    document.add_paragraph("Body text.")
    pdf = _render(document)
    pieces = text_pieces(pdf)
    council, official = _piece(pieces, "Lowmoor City Council"), _piece(pieces, "OFFICIAL")
    placed = [tuple(float(value) for value in match.groups())
              for match in _PLACED.finditer(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())]
    assert len(placed) == 1
    x, y, width, height = placed[0]
    assert abs(x - margin) < 0.5 and abs(width - Cm(2).pt) < 0.5 and abs(height - Cm(1).pt) < 0.5
    assert abs(y - council[3]) < 0.5  # its bottom on the text's baseline
    assert x + width - 0.01 <= council[2] < x + width + 6  # the text follows it on the same line
    assert abs(official[3] - council[3]) < 0.01
    body = _piece(pieces, "Body text")
    assert body[3] < y  # the header, picture included, above the body


def _float_in_header(document, horizontal: str, vertical: str, width_cm: float = 4.0, behind: bool = False) -> None:
    """A header with the council's name and a floating logo (``wp:anchor``) placed by the given
    ``wp:positionH`` and ``wp:positionV`` children."""
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.text = "Lowmoor City Council"
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(_png(80, 40)), width=Cm(width_cm))
    inline = run._r.find(f".//{{{wp}}}inline")
    extent, rest = inline.find(f"{{{wp}}}extent"), [child for child in inline if not child.tag.endswith("extent")]
    floating = parse_xml(
        f'<wp:anchor xmlns:wp="{wp}" behindDoc="{int(behind)}" locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="1" '
        f'simplePos="0" distT="0" distB="0" distL="0" distR="0"><wp:simplePos x="0" y="0"/>{horizontal}{vertical}</wp:anchor>')
    floating.append(extent)
    floating.append(parse_xml(f'<wp:wrapNone xmlns:wp="{wp}"/>'))
    for child in rest:
        floating.append(child)
    inline.getparent().replace(inline, floating)


def test_a_floating_logo_in_the_header_sits_where_it_is_anchored_and_takes_no_room():
    """A council logo floating in the header (right of the margin, 1 cm from the top of the page)
    is drawn there, beside the header's text; the header is as tall as its text, so the body
    starts where it starts without the logo."""
    def render(with_logo: bool) -> bytes:
        document = Document()
        if with_logo:
            _float_in_header(document, '<wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>',
                             '<wp:positionV relativeFrom="page"><wp:posOffset>360000</wp:posOffset></wp:positionV>')
        else:
            document.sections[0].header.paragraphs[0].text = "Lowmoor City Council"
        document.add_paragraph("Body text starts here.")
        return _render(document)

    pdf, plain = render(True), render(False)
    section = Document().sections[0]
    placed = [tuple(float(value) for value in match.groups())
              for match in _PLACED.finditer(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())]
    assert len(placed) == 1
    x, y, width, height = placed[0]
    assert abs(x + width - (section.page_width.pt - section.right_margin.pt)) < 0.5  # right of the margin
    assert abs((y + height) - (section.page_height.pt - Cm(1).pt)) < 0.5  # 1 cm from the page's top
    body, plain_body = _piece(text_pieces(pdf), "Body text"), _piece(text_pieces(plain), "Body text")
    assert body[3] == plain_body[3]  # the logo took no room in the header
    council = _piece(text_pieces(pdf), "Lowmoor City Council")
    assert council[3] == _piece(text_pieces(plain), "Lowmoor City Council")[3]


def test_a_floating_picture_centred_on_the_page_from_the_top_margin():
    document = Document()
    _float_in_header(document, '<wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH>',
                     '<wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>', 2.0)
    document.add_paragraph("Body")
    pdf = _render(document)
    section = document.sections[0]
    (x, y, width, height), = [tuple(float(value) for value in match.groups())
                               for match in _PLACED.finditer(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())]
    assert abs(x + width / 2 - section.page_width.pt / 2) < 0.5
    assert abs(y + height - (section.page_height.pt - section.top_margin.pt)) < 0.5


def test_a_floating_picture_behind_the_text_is_drawn_under_the_body():
    """A watermark picture anchored in the header behind the text (``behindDoc``) is drawn first
    on the page, so the body's text drawn over it stays readable."""
    from test_tagging import untagged_painting

    document = Document()
    _float_in_header(document, '<wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH>',
                     '<wp:positionV relativeFrom="page"><wp:align>center</wp:align></wp:positionV>', 12.0, behind=True)
    document.add_paragraph("Body text over the watermark.")
    pdf = render_pdf(docx_bytes(document)).pdf
    data = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert data.index(b" Do") < data.index(b"BT")  # the picture before any text
    assert untagged_painting(pdf) == []  # and still marked as an artifact


def test_a_paragraph_that_is_only_a_picture_still_draws_it_alone():
    document = Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png(40, 20)), width=Cm(4))
    document.add_paragraph("After the picture.")
    pdf = _render(document)
    placed = [tuple(float(value) for value in match.groups())
              for match in _PLACED.finditer(PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data())]
    assert len(placed) == 1 and abs(placed[0][2] - Cm(4).pt) < 0.5
    assert _piece(text_pieces(pdf), "After the picture")[3] < placed[0][1]
