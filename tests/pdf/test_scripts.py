"""Every family's language in the PDF: complex scripts shaped, right-to-left text in bidi order,
the Noto faces chosen per script, a warning for characters no bundled face has, and lines
broken where the Unicode rules allow (after hyphens, between ideographs)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pikepdf
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.shared import Pt
from pdfhelpers import docx_bytes

from ehcpdocs.pdf import bidi, fonts, linebreak, render_pdf, shaping
from ehcpdocs.pdf.lines import PLAIN, LineParagraph, LineStyle, Span, break_lines, break_words, tokens

POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")

LANGUAGES = {
    "urdu": ("میرا نام عائشہ ہے اور میں اسکول جاتی ہوں۔", "NotoNaskhArabic-Regular", True),
    "arabic": ("مرحبا بكم في المدرسة، نحن سعداء بوجودكم.", "NotoNaskhArabic-Regular", True),
    "gujarati": ("મારું નામ પ્રિયા છે અને હું શાળાએ જાઉં છું.", "NotoSansGujarati-Regular", False),
    "punjabi": ("ਮੇਰਾ ਨਾਮ ਹਰਪ੍ਰੀਤ ਹੈ ਅਤੇ ਮੈਂ ਸਕੂਲ ਜਾਂਦੀ ਹਾਂ।", "NotoSansGurmukhi-Regular", False),
    "bengali": ("আমার নাম রহিম এবং আমি স্কুলে যাই।", "NotoSansBengali-Regular", False),
    "hindi": ("मेरा नाम प्रिया है और मैं स्कूल जाती हूँ।", "NotoSansDevanagari-Regular", False),
    "polish": ("Zażółć gęślą jaźń: Łucja ma wsparcie w szkole.", None, False),
    "somali": ("Magacaygu waa Cali, waxaan dhigtaa dugsiga hoose.", None, False),
}
MIXED = "Her mother said: میرا بیٹا بہت خوش ہے and she thanked the school."


def _words(text: str) -> list[str]:
    """Words of a text, NFC, without punctuation (poppler places neutral marks at RTL line ends
    by its own rules)."""
    text = unicodedata.normalize("NFC", text)
    return re.findall(r"[^\W_]+(?:[\u0300-\u036f\u0900-\u0aff\u064b-\u065f\u0670\u200c\u200d]+[^\W_]*)*", text)


def _document(text: str, rtl_paragraph: bool = False, font: str | None = None):
    document = Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    if font:
        run.font.name = font
    if rtl_paragraph:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    return document


def _pdftotext(pdf: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _fonts(pdf: bytes) -> set[str]:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = subprocess.run(["pdffonts", handle.name], capture_output=True, check=True, text=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:] if line.strip()}


@needs_poppler
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_each_language_reads_back_as_typed_in_its_font(language):
    text, face, rtl = LANGUAGES[language]
    result = render_pdf(docx_bytes(_document(text, rtl_paragraph=rtl)))
    assert result.warnings == []
    found = _pdftotext(result.pdf)
    assert _words(found) == _words(text)  # logical order for right-to-left text too
    if face:
        assert face in _fonts(result.pdf)


@needs_poppler
def test_a_mixed_english_and_urdu_paragraph_keeps_each_language_in_order():
    result = render_pdf(docx_bytes(_document(MIXED)))
    found = _pdftotext(result.pdf)
    assert _words(found) == _words(MIXED)
    assert {"NotoNaskhArabic-Regular"} <= _fonts(result.pdf)


@needs_poppler
def test_right_to_left_paragraph_is_right_aligned_and_drawn_right_to_left():
    text = LANGUAGES["urdu"][0]
    result = render_pdf(docx_bytes(_document(text, rtl_paragraph=True)))
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>',
                       _pdftotext(result.pdf, "-bbox"))
    # poppler's boxes give each word's characters in drawing order, left to right
    by_word = {unicodedata.normalize("NFC", word[::-1]): (float(x1), float(x2)) for x1, x2, word in boxes}
    first, last = by_word["میرا"], by_word["ہوں۔"]
    assert first[0] > last[1]  # the first word typed is the rightmost
    page_width, margin = 612.0, 90.0  # python-docx's default: Letter, margins of 1.25 inches
    assert first[1] == pytest.approx(page_width - margin, abs=0.5)  # flush with the right margin
    assert last[0] > page_width / 2


@needs_poppler
def test_a_right_to_left_list_hangs_its_number_at_the_right():
    """In a right-to-left numbered paragraph the number hangs in the indent at the paragraph's
    start, the right, read "1." right to left (drawn ".1"), as Word and LibreOffice show it."""
    document = Document()
    for text in ("يحتاج زيد إلى دعم في القراءة", "يحب زيد الرسم والموسيقى"):
        paragraph = document.add_paragraph(text, style="List Number")
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    document.add_paragraph("An English item", style="List Number")
    pdf = render_pdf(docx_bytes(document)).pdf
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>',
                       _pdftotext(pdf, "-bbox"))
    words = [(float(x1), float(y1), float(x2), word) for x1, y1, x2, word in boxes]
    right_margin = 612.0 - 90.0
    for number in "12":
        (label,) = [word for word in words if word[3] in (f".{number}", f"{number}.")]  # poppler's order varies
        line = [word for word in words if abs(word[1] - label[1]) < 5 and word is not label]
        assert label[2] == pytest.approx(right_margin, abs=1.0)  # the label at the paragraph's start
        assert line and all(word[2] < label[0] - 5 for word in line)  # the text to its left
    (english,) = [word for word in words if word[3] == "3."]
    assert english[0] == pytest.approx(90.0, abs=1.0)
    assert bidi.visual_text("1.", True) == ".1" and bidi.visual_text("1.", False) == "1."


@needs_poppler
def test_a_right_to_left_table_has_its_first_column_at_the_right():
    """``w:bidiVisual``: the columns run right to left, a merged cell spans the same columns
    mirrored, and the cells are still read in their order (the first column's first)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table._tbl.tblPr.append(parse_xml(f'<w:bidiVisual {nsdecls("w")}/>'))
    heads = ["اسم", "عمر", "مدرسة"]  # no lam-alef: poppler cuts words at that ligature
    for row_index, row in enumerate(table.rows):
        for column, cell in enumerate(row.cells):
            cell.text = heads[column] if row_index == 0 else f"R{row_index}C{column}"
    table.cell(1, 0).merge(table.cell(1, 1))
    pdf = render_pdf(docx_bytes(document)).pdf
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>',
                       _pdftotext(pdf, "-bbox"))
    where = {}
    for x1, x2, word in boxes:  # poppler gives some words' letters in drawing order, some as typed
        for form in (word, word[::-1]):
            where[unicodedata.normalize("NFC", form)] = (float(x1), float(x2))
    name, born, school = (where[head] for head in heads)
    assert name[0] > born[1] > born[0] > school[1]  # right to left
    margin, page_width = 90.0, 612.0
    third = (page_width - 2 * margin) / 3
    assert school[0] < margin + third < name[0]
    assert where["R2C0"][0] > margin + 2 * third  # the last row's first cell, at the right
    assert where["R1C2"][1] < margin + third  # the merged cell takes the right two columns
    assert margin + third < where["R1C0"][0] < margin + 2 * third  # its text starts at its left edge
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        kids = opened.Root.StructTreeRoot.K.K
        table = kids if isinstance(kids, pikepdf.Dictionary) else kids[0]
        first_row = table.K[0]
        roles = [str(cell.S) for cell in first_row.K]
    assert roles == ["/TH", "/TD", "/TD"]  # read from the start: the row label (drawn at the right) first


def test_a_right_to_left_tables_indent_is_from_the_right_margin():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from test_word_features import _vertical_lines

    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table._tbl.tblPr.append(parse_xml(f'<w:bidiVisual {nsdecls("w")}/>'))
    table._tbl.tblPr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="720" w:type="dxa"/>'))
    for cell in table._cells:
        cell.text = "Provision"
    pdf = render_pdf(docx_bytes(document)).pdf
    edges = sorted({round(line[0], 1) for line in _vertical_lines(pdf)})
    assert edges[-1] == pytest.approx(612.0 - 90.0 - 36.0, abs=0.6)  # half an inch in from the right margin


def _fonts_and_sizes(pdf: bytes) -> set[tuple[str, float]]:
    """(base font without subset tag, size) of every font selection on the first page."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        page = opened.pages[0]
        names = {str(key): str(font.BaseFont).split("+")[-1] for key, font in page.obj.Resources.Font.items()}
        return {(names[str(operands[0])], float(operands[1]))
                for operands, operator in pikepdf.parse_content_stream(page) if str(operator) == "Tf"}


def test_complex_script_text_takes_its_own_size_and_bold():
    """Word draws Arabic, Urdu and the Indic scripts in a run's w:szCs and w:bCs, the Latin text
    beside them in w:sz and w:b (a translated notice sets its Urdu larger, say)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("Dear parent: " + LANGUAGES["urdu"][0])
    run._r.insert(0, parse_xml(f'<w:rPr {nsdecls("w")}><w:b/><w:bCs w:val="0"/><w:sz w:val="22"/>'
                               '<w:szCs w:val="32"/></w:rPr>'))
    plain = document.add_paragraph().add_run("Plain " + LANGUAGES["gujarati"][0])
    plain.font.size = Pt(12)  # w:sz only (python-docx): Gujarati keeps the w:szCs it inherits, 11 pt
    used = _fonts_and_sizes(render_pdf(docx_bytes(document)).pdf)
    assert ("NotoNaskhArabic-Regular", 16.0) in used  # szCs, and bCs off
    assert not any(name == "NotoNaskhArabic-Bold" or (name.startswith("NotoNaskh") and size == 11.0)
                   for name, size in used)
    assert any(size == 11.0 and "Bold" in name for name, size in used)  # the Latin words: w:b, w:sz
    assert ("NotoSansGujarati-Regular", 11.0) in used and ("Caladea-Regular", 12.0) in used


def test_spaces_and_punctuation_between_complex_script_words_take_their_size():
    """A run of Hebrew words set in w:sz 28 with the inherited w:szCs 11: the words, and the
    spaces and comma between them, are 11 pt, as Word and LibreOffice draw them (the spaces at
    28 pt spread the words apart)."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("שָׁלוֹם עֲלֵיכֶם, בְּרוּכִים הַבָּאִים").font.size = Pt(28)
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    english = document.add_paragraph().add_run("Welcome, families: שָׁלוֹם")
    english.font.size = Pt(14)
    used = _fonts_and_sizes(render_pdf(docx_bytes(document)).pdf)
    assert ("DejaVuSans", 11.0) in used and 28.0 not in {size for _name, size in used}
    assert any(size == 14.0 and not name.startswith("DejaVu") for name, size in used)  # the English words


def test_bidi_levels_and_brackets():
    levels = bidi.levels("abc ہے (12) def", False)
    assert levels[:4] == [0, 0, 0, 0] and levels[4:6] == [1, 1]
    assert levels[7] == 1 and levels[8:10] == [2, 2] and levels[10] == 1  # N0: brackets with the Urdu
    assert bidi.levels("اردو abc", True) == [1, 1, 1, 1, 1, 2, 2, 2]
    assert bidi.base_is_rtl("  ہے abc") and not bidi.base_is_rtl("1 abc ہے")
    # a w:rtl run makes its neutral characters right to left
    assert bidi.levels("ab - cd", False)[2:5] == [0, 0, 0]
    assert bidi.levels("ab - cd", False, [False, False, True, True, True, False, False])[2:5] == [1, 1, 1]
    assert bidi.levels("ہے - ہے", False, [True] * 7)[2] == 1
    assert bidi.visual_runs([0, 1, 1, 2, 0]) == [0, 3, 2, 1, 4]


def test_explicit_isolates_embeddings_and_overrides():
    """UAX #9 X1-X10: an isolate keeps its punctuation with the text inside it (the "!" of an
    Arabic title stays right to left; without the isolate it joins the English after it), an
    override forces its letters' direction, an embedding raises its level."""
    title = "The title is \u2067مفتاح!\u2069 in Arabic."
    levels = bidi.levels(title, False)
    bang = title.index("!")
    assert levels[bang] == 1 and levels[title.index("م")] == 1
    assert levels[title.index("\u2067")] == 0 and levels[title.index("\u2069")] == 0
    assert bidi.levels(title.replace("\u2067", "").replace("\u2069", ""), False)[bang - 1] == 0
    assert bidi.levels("\u202eabc\u202c", False) == [0, 1, 1, 1, 0]  # RLO ... PDF
    assert bidi.levels("\u202bab\u202c x", False)[1:3] == [2, 2]  # RLE: Latin inside, one level up
    assert bidi.levels("ابج \u2068abc 12\u2069 د", True)[5:11] == [2] * 6  # FSI: its first strong is L
    assert bidi.visual_text("x\u202eabc\u202cy", False).replace("\u202e", "").replace("\u202c", "") == "xcbay"


def test_any_mix_of_bidi_controls_gives_a_level_per_character_within_the_depth_limit():
    """Hostile text: unmatched, nested past the limit of 125, overrides inside isolates."""
    import random

    generator = random.Random(16)
    alphabet = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069abc ابج 12 (!)\u0651"
    for _ in range(400):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 60)))
        for rtl in (False, True):
            found = bidi.levels(text, rtl)
            assert len(found) == len(text) and all(0 <= level <= bidi.MAX_DEPTH + 1 for level in found)
    for opening, closing in (("\u202b", "\u202c"), ("\u2067", "\u2069")):
        assert max(bidi.levels(opening * 200 + "abc" + closing * 200, False)) <= bidi.MAX_DEPTH + 1


def test_shaping_joins_arabic_letters_and_forms_indic_conjuncts():
    fonts.ensure_registered("NotoNaskhArabic-Regular")
    fonts.ensure_registered("NotoSansGujarati-Regular")
    from reportlab.pdfbase.pdfmetrics import getFont

    arabic = getFont("NotoNaskhArabic-Regular")
    isolated = shaping.shape(arabic, "ب", True)[0][0]
    joined = [glyph[0] for glyph in shaping.shape(arabic, "ببب", True)]
    assert isolated not in joined and len(set(joined)) == 3  # final, medial and initial forms
    gujarati = getFont("NotoSansGujarati-Regular")
    conjunct = shaping.shape(gujarati, "ક્ષ", False)
    assert len(conjunct) < 3  # KA + VIRAMA + SSA is one conjunct glyph
    # widths used for line breaking come from the shaper
    assert arabic.stringWidth("ببب", 10) == pytest.approx(sum(g[1] for g in shaping.shape(arabic, "ببب", True)) / 100)


def test_a_character_no_bundled_font_has_is_a_warning_naming_it():
    result = render_pdf(docx_bytes(_document("Tibetan ཀ and Gujarati ગુજરાતી")))
    assert any("U+0F40" in message and "Tibetan" in message for message in result.warnings)
    assert not any("U+0A97" in message for message in result.warnings)


def test_bold_gujarati_uses_the_bold_noto_face():
    document = Document()
    paragraph = document.add_paragraph("Name: ")
    paragraph.add_run("ગુજરાતી").bold = True
    pdf = render_pdf(docx_bytes(document)).pdf
    if POPPLER:
        assert "NotoSansGujarati-Bold" in _fonts(pdf)


def test_rendering_complex_text_is_deterministic():
    data = docx_bytes(_document(MIXED + " " + LANGUAGES["gujarati"][0]))
    assert render_pdf(data).pdf == render_pdf(data).pdf


def test_break_opportunities_follow_the_unicode_rules():
    assert linebreak.breaks("well-being") == [5]
    assert linebreak.breaks("one-to-one") == [4, 7]
    assert linebreak.breaks("1-2") == [] or linebreak.breaks("1-2") == [2]
    assert linebreak.breaks("-5") == []
    assert linebreak.breaks("中文字") == [1, 2]
    assert linebreak.breaks("日本語。です") == [1, 2, 4, 5]  # never before the full stop
    assert linebreak.breaks("「中」") == [2] or linebreak.breaks("「中」") == []
    assert linebreak.breaks("ab\u200bcd") == [3]
    assert linebreak.breaks("plain") == []


def _span(text: str) -> Span:
    return Span(fonts.face("sans", False, False).name, 11.0, PLAIN, text)


def test_lines_break_after_hyphens_and_between_ideographs():
    span = _span("support with one-to-one-arrangements-for-the-family-liaison-officer today")
    lines = break_lines(tokens([(span, span.text)]), 150, 150)
    texts = ["".join(piece[1] for piece in line.pieces) for line in lines]
    assert len(texts) > 2
    assert any(text.endswith("-") for text in texts[:-1])
    assert all(line.width <= 150 + 1e-6 for line in lines)
    assert "".join(t if t.endswith("-") else t + " " for t in texts).split() == span.text.split()
    # the one-span shortcut agrees with the general breaker
    quick = break_words(span, 150, 150)
    assert [[p[1] for p in line.pieces] for line in quick] == [[p[1] for p in line.pieces] for line in lines]
    assert [line.in_word for line in quick] == [line.in_word for line in lines]

    cjk = _span("中文字符中文字符中文字符中文字符。中文字符中文字符")
    cjk_lines = break_lines(tokens([(cjk, cjk.text)]), 60, 60)
    assert len(cjk_lines) > 2
    assert all(line.in_word for line in cjk_lines[:-1])  # no space was there
    assert not any(line.pieces[0][1].startswith("。") for line in cjk_lines)


@needs_poppler
def test_a_hyphenated_word_wraps_after_its_hyphen_in_the_pdf():
    document = Document()
    cell = document.add_table(rows=1, cols=3).rows[0].cells[0]
    cell.paragraphs[0].add_run("Provision: speech-and-language-therapy-sessions weekly").font.size = Pt(11)
    text = _pdftotext(render_pdf(docx_bytes(document)).pdf, "-layout")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert any(line.endswith("-") for line in lines)
    assert "".join(lines).replace(" ", "") == "Provision:speech-and-language-therapy-sessionsweekly"


def test_a_paragraph_with_urdu_splits_across_pages():
    style = LineStyle(leading=14.0)
    face = fonts.script_face("Arabic", False)
    spans = [Span(face, 11.0, PLAIN, " ".join([LANGUAGES["urdu"][0]] * 20))]
    paragraph = LineParagraph(spans, style)
    paragraph.complex = paragraph.bidi = True
    paragraph.wrap(200, 1000)
    head, tail = paragraph.split(200, paragraph.height / 2)
    assert head.complex and tail.bidi
