"""Fragments built from runs match what reportlab's parser makes of the same markup."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ehcpdocs.pdf.context import Warnings
from ehcpdocs.pdf.fragments import (
    LINE_BREAK,
    FastParagraph,
    FragmentCache,
    Markup,
    Text,
)
from ehcpdocs.pdf.paragraphs import RunLook, escape


class _Ctx:
    warn = Warnings()


def look(**props) -> RunLook:
    return RunLook(_Ctx(), {"font": "Arial", "sz": 11.0, **props})


def markup_of(units: list) -> str:
    """The paragraph markup the renderer used to build for the same units."""
    out = []
    for unit in units:
        if isinstance(unit, Markup):
            out.append(unit.markup)
        elif unit.look is None:
            out.append(escape(unit.text))
        else:
            out.append(unit.look.markup(unit.text, unit.link))
    return "".join(out)


def described(frags) -> list[tuple]:
    return [
        (f.text, f.fontName, f.fontSize, f.rise, tuple(f.us_lines), tuple(f.link), str(f.textColor),
         str(getattr(f, "backColor", None)), bool(getattr(f, "lineBreak", False)))
        for f in frags
    ]


STYLE = ParagraphStyle("t", fontName="LiberationSans-Regular", fontSize=11, leading=13)
PLAIN, BOLD = look(), look(b=True)
UNDER, STRUCK = look(u=True), look(u=True, strike=True)
CASES = {
    "plain": [Text(PLAIN, None, "Zoë needs   support  & <care>")],
    "looks": [Text(PLAIN, None, "keeps "), Text(BOLD, None, "newword"), Text(STRUCK, None, " oldword ")],
    "underlines numbered in turn": [Text(UNDER, None, "one"), Text(PLAIN, None, " "), Text(UNDER, None, "two"),
                                    Text(STRUCK, None, "three")],
    "links": [Text(UNDER, "https://example.org/?a=1&b=2", "first"), Text(PLAIN, None, " and "),
              Text(PLAIN, "mailto:x@example.org", "second")],
    "fallback face": [Text(UNDER, None, "Tiếng Việt ✓ → done"), Text(look(smallCaps=True), None, "small ✓ caps")],
    "breaks and bare text": [Text(None, None, "\u00a0"), LINE_BREAK, Text(PLAIN, None, "after\u00a0 break  "),
                             LINE_BREAK, Text(None, None, "\u00a0"), LINE_BREAK, Text(PLAIN, None, "end")],
    "raised and coloured": [Text(look(vertAlign="superscript"), None, "st"),
                            Text(look(color="#FF0000", highlight="yellow", dstrike=True), None, " red "),
                            Markup(f"<super>{UNDER.markup('1', None)}</super>"), Text(UNDER, None, "after note")],
    "label and tabs": [Text(BOLD, None, "1."), Text(None, None, "\u00a0\u00a0"), Text(PLAIN, None, "a\tb"),
                       Text(None, None, "\u00a0\u00a0\u00a0\u00a0 "), Text(None, None, "\u00a0\u00a0\u00a0\u00a0 "),
                       Text(PLAIN, None, "c")],
}


@pytest.mark.parametrize("name", list(CASES))
def test_fragments_match_parsed_markup(name):
    units = CASES[name]
    expected = Paragraph(markup_of(units), STYLE).frags
    assert described(FragmentCache().frags(units, STYLE)) == described(expected)


def test_fragments_lay_out_like_parsed_markup():
    units = CASES["looks"] * 20
    ours = FastParagraph(None, STYLE, frags=FragmentCache().frags(units, STYLE))
    theirs = Paragraph(markup_of(units), STYLE)
    assert ours.wrap(200, 1000) == theirs.wrap(200, 1000)
    assert ours.wrap(200, 1000) == theirs.wrap(200, 1000)
    assert ours.wrap(300, 1000) == theirs.wrap(300, 1000)
    halves = ours.split(300, ours.height / 2)
    assert len(halves) == 2 and [p.wrap(300, 1000) for p in halves] == [p.wrap(300, 1000) for p in theirs.split(300, theirs.height / 2)]
