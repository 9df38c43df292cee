"""Where a line may break inside a run of text without spaces: the Unicode line-breaking
rules (UAX #14) for the classes Word plans meet, in a compact form.

Lines break at spaces (``lines.iter_tokens``); inside a word they may also break
- after a hyphen (HY ``-``, BA: ``‐`` U+2010, figure and en dash, the Devanagari danda), when
  there is text before it and, for ``-``, no digit after it ("well-|being", but "-5", "1-2"
  stay whole: LB21, LB25);
- before and after an em dash (B2, LB17) and after a zero-width space (ZW, LB8);
- between ideographs, kana and Hangul syllables and between them and other letters (ID, LB31),
  but never before closing punctuation, small kana and the iteration marks (CL, NS, EX, IS:
  LB13, LB16, LB21) nor after opening brackets (OP, LB14).

``uniseg`` implements all of UAX #14 but takes most of a millisecond for a word, which
for the thousands of hyphenated words of a long plan was a large share of the render; words
with none of these characters (nearly all) are never looked at (``MAY_BREAK``). Not covered:
Thai, Lao, Khmer and Burmese (which need a dictionary), soft hyphens (shown as nothing, never
broken at) and the tailorings of numbers and URLs beyond LB25.
"""

from __future__ import annotations

import re

# Characters after (or around) which a break may come inside a word.
MAY_BREAK = re.compile(
    "[-\u2010\u2012\u2013\u2014\u200b\u0964\u0965\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\U00020000-\U0003ffff]"
)


def may_break(text: str) -> bool:
    """Whether ``text`` has a character a line may break at besides spaces (for ASCII text, the
    only one is the hyphen, found without the expression)."""
    if text.isascii():
        return "-" in text
    return MAY_BREAK.search(text) is not None


_HYPHENS = frozenset("-\u2010\u2012\u2013\u0964\u0965")
_EM_DASH = "\u2014"
_ZWSP = "\u200b"
# no break before: closing punctuation, exclamation, infix separators, small kana and marks
_NO_BREAK_BEFORE = frozenset(
    ")]}>,.:;!?%'\"\u2019\u201d\u00bb\u203a"
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\uff3d\uff5d\u300d\u300f\u3011\u3015\u3009\u300b\u3017\u3019"
    "\u30fc\u3005\u309d\u309e\u30fd\u30fe\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e"
    "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6\u2010\u2013-"
)
# no break after: opening brackets and quotes
_NO_BREAK_AFTER = frozenset("([{<'\"\u2018\u201c\u00ab\u2039\uff08\uff3b\uff5b\u300c\u300e\u3010\u3014\u3008\u300a\u3016\u3018")


def _ideographic(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x2FFF or 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF
            or 0x4E00 <= code <= 0x9FFF or 0xA960 <= code <= 0xA97F or 0xAC00 <= code <= 0xD7A3
            or 0xF900 <= code <= 0xFAFF or 0xFF01 <= code <= 0xFF60 or 0x20000 <= code <= 0x3FFFF)


def breaks(word: str) -> list[int]:
    """The offsets inside ``word`` (a text without spaces) where a line may break."""
    out = []
    for index in range(1, len(word)):
        before, after = word[index - 1], word[index]
        if before == _ZWSP:
            out.append(index)
            continue
        if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER or after == _ZWSP:
            continue
        if before in _HYPHENS:
            if index >= 2 and not (before == "-" and after.isdigit()) and word[index - 2] not in _HYPHENS:
                out.append(index)
        elif before == _EM_DASH or after == _EM_DASH:
            out.append(index)
        elif _ideographic(before) or _ideographic(after):
            out.append(index)
    return out


def break_after(text: str) -> bool:
    """Whether a line may break right after ``text`` when more of the same word follows
    (a hyphen, em dash, zero-width space or ideograph ends it)."""
    if len(text) < 1:
        return False
    last = text[-1]
    if last == _ZWSP or last == _EM_DASH or _ideographic(last):
        return True
    return last in _HYPHENS and len(text) >= 2 and text[-2] not in _HYPHENS


def between(before: str, after: str) -> bool:
    """Whether a line may break where ``before`` (a word's text so far) meets ``after`` (more
    of the same word, from another run)."""
    if not before or not after:
        return False
    joined = before[-2:] + after[:1]
    return len(joined) - 1 in breaks(joined)
