"""Visible text through Word's storage quirks, and splitting runs at character offsets."""

from __future__ import annotations

from lxml import etree

from ehcpdocs.docx.text import isolate, paragraph_atoms, paragraph_text
from ehcpdocs.docx.xml import W_NS

W = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def para(inner: str):
    return etree.fromstring(f"<w:p {W}>{inner}</w:p>")


def test_split_runs_hyperlinks_smart_tags_and_content_controls():
    p = para(
        '<w:r><w:t>commun</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>ication</w:t></w:r>'
        '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="1" w:name="x"/>'
        '<w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> and </w:t></w:r></w:hyperlink>'
        '<w:bookmarkEnd w:id="1"/><w:proofErr w:type="spellEnd"/>'
        '<w:smartTag w:uri="u" w:element="place"><w:r><w:t>Leicester</w:t></w:r></w:smartTag>'
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:sdtContent></w:sdt>'
    )
    assert paragraph_text(p) == "communication and Leicester now"


def test_field_codes_hidden_results_shown():
    p = para(
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>12</w:t></w:r></w:fldSimple>'
    )
    assert paragraph_text(p) == "Page 312"


def test_tabs_breaks_deletions_and_hidden_runs():
    p = para(
        '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r>'
        '<w:del w:id="1" w:author="x"><w:r><w:delText>gone</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="x"><w:r><w:t>new</w:t></w:r></w:ins>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>'
    )
    assert paragraph_text(p) == "a\tb\ncnew"


def test_isolate_splits_runs_at_offsets_and_keeps_formatting():
    p = para('<w:r><w:rPr><w:i/></w:rPr><w:t>hello big world</w:t></w:r>')
    atoms = isolate(p, {6, 9})
    runs = p.findall(f"{{{W_NS}}}r")
    assert ["".join(t.text for t in r.iter(f"{{{W_NS}}}t")) for r in runs] == ["hello ", "big", " world"]
    assert all(r.find(f"{{{W_NS}}}rPr/{{{W_NS}}}i") is not None for r in runs)
    assert paragraph_text(p) == "hello big world"
    assert [a.start for a in atoms if a.text] == [0, 6, 9]


def test_atoms_offsets_cover_the_text():
    p = para('<w:r><w:t>ab</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>cd</w:t></w:r>')
    atoms = [a for a in paragraph_atoms(p) if a.text]
    assert [(a.start, a.end) for a in atoms] == [(0, 2), (2, 3), (3, 5)]
