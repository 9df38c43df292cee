"""Accept All and Reject All on hand-written tracked changes: moves, formatting, marks, rows."""

from __future__ import annotations

from lxml import etree

from ehcpdocs.docx.finalise import accept_revisions, has_revisions, reject_revisions
from ehcpdocs.docx.text import paragraph_text
from ehcpdocs.docx.xml import W_NS

W = f"{{{W_NS}}}"
BODY = f"""<w:document xmlns:w="{W_NS}"><w:body>
<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:ins w:id="1" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:t>new</w:t></w:r></w:ins><w:del w:id="2" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>
<w:p><w:moveFrom w:id="3" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:r><w:rPr><w:b/><w:rPrChange w:id="4" w:author="a" w:date="2000-01-01T00:00:00Z"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>styled</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="a" w:date="2000-01-01T00:00:00Z"/></w:rPr></w:pPr><w:del w:id="6" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:delText>gone paragraph</w:delText></w:r></w:del></w:p>
<w:p><w:moveTo w:id="7" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:t>moved</w:t></w:r></w:moveTo></w:p>
<w:tbl><w:tr><w:trPr><w:ins w:id="8" w:author="a" w:date="2000-01-01T00:00:00Z"/></w:trPr><w:tc><w:p><w:ins w:id="9" w:author="a" w:date="2000-01-01T00:00:00Z"><w:r><w:t>added row</w:t></w:r></w:ins></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>kept row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/></w:body></w:document>"""


def texts(root) -> list[str]:
    return [paragraph_text(p) for p in root.iter(W + "p") if paragraph_text(p)]


def test_accept_all():
    root = etree.fromstring(BODY)
    assert has_revisions(root)
    accept_revisions(root)
    assert not has_revisions(root)
    assert texts(root) == ["Kept new", "styled", "moved", "added row", "kept row"]
    styled = next(r for r in root.iter(W + "r") if paragraph_text(r.getparent()) == "styled")
    assert styled.find(f"{W}rPr/{W}b") is not None, "formatting changes are kept when accepted"


def test_reject_all():
    root = etree.fromstring(BODY)
    reject_revisions(root)
    assert not has_revisions(root)
    assert texts(root) == ["Kept old", "movedstyled", "gone paragraph", "kept row"]
    styled = [r for r in root.iter(W + "r") if any((t.text or "") == "styled" for t in r.iter(W + "t"))][0]
    rpr = styled.find(W + "rPr")
    assert rpr.find(W + "i") is not None and rpr.find(W + "b") is None, "formatting goes back when rejected"
