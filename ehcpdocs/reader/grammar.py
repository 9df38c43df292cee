"""How councils write section headings, labels and the other lines a plan is built from.

Pure text functions, each tested on its own:

- ``parse_heading``: "Section B – Special educational needs", "B. Needs", "(A) My views",
  "A) ...", "Part A", "SECTION F", "H i:", "H(ii)", "Hii", "H 1", "Views and aspirations
  (Section A)"; None for text that is not written as a section heading;
- ``statutory_h``: the statutory wording of H1 or H2 used as a heading without a number;
- ``title_fits``: whether a title reads like the statutory title of its section;
- ``label_letter``: the section a short label cell names ("Needs (Section B)", "F");
- ``is_group_title``, ``is_profile_title``, ``is_end_matter``: lines that stand above several
  sections, profile pages, and the signatures and lists after the last section;
- ``strip_page_number``: a contents line without its dot leader and page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADING_CHARS = 200
MAX_LABEL_CHARS = 80
SECTION_LETTERS = "ABCDEFGHIJK"

_ROMAN_SUB = {"i": "1", "ii": "2", "1": "1", "2": "2"}

# "Section A", "Sections A", "Part A", "SECTION A", an optional numbering prefix ("1.", "2)").
_PREFIX = r"(?:\d{1,2}[.)]\s+)?(?:(?P<word>sections?|part)\s*)?"
# The letter, optionally in brackets, "(A)" or "A)"; H may carry a sub-part: H1, H 1, H(i),
# H (ii), Hi, Hii, H i, H ii; other letters A1, A2 ... (digits, no space).
_LETTER = (
    r"(?P<open>\()?(?P<letter>[A-Ka-k])"
    r"(?:(?P<hsub>\s?\(\s?(?:ii|i|1|2)\s?\)|\s?(?:ii|i)(?![a-z])|\s?[12](?!\d))|(?P<sub>\d{1,2}))?"
    r"(?P<close>\))?"
)
_SEPARATOR = r"(?:\s*[:.\-–—)]\s*|\s+(?=(?-i:[A-Z(‘'\"“]))|\s*$)"
HEADING_RE = re.compile(rf"^\s*{_PREFIX}{_LETTER}{_SEPARATOR}(?P<title>.*?)\s*$", re.IGNORECASE | re.DOTALL)
TRAILING_LABEL_RE = re.compile(
    r"^(?P<title>.+?)\s*[\(\[]\s*section\s+(?P<letter>[A-Ka-k])(?P<sub>\s?(?:[12]|\(?i{1,2}\)?))?\s*[\)\]]\s*[:.]?\s*$",
    re.IGNORECASE,
)
MULTI_LETTER_RE = re.compile(r"^\s*(?:sections?|parts?)\s+[A-K]\d?(?:\s*(?:,|and|&|/)\s*[A-K]\d?)+\b", re.IGNORECASE)

TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("view", "interest", "aspiration", "about me", "all about", "history", "profile", "my story",
          "who i am", "child", "young person", "family", "me and my", "hopes", "dreams", "important to me"),
    "B": ("special educational need", "need", "sen", "difficult", "strengths"),
    "C": ("health",),
    "D": ("social care", "social"),
    "E": ("outcome", "aim", "goal", "target"),
    "F": ("provision", "special educational provision", "support"),
    "G": ("health",),
    "H": ("social care", "social"),
    "I": ("placement", "school", "institution", "name and type", "setting", "education", "college"),
    "J": ("personal budget", "budget", "direct payment"),
    "K": ("advice", "information", "report", "appendi", "assessment", "evidence", "contributor"),
}
H1_WORDS = ("chronically sick", "csdpa", "section 2", "1970", "must be made", "under 18")
H2_WORDS = ("other social care", "reasonably required", "care act", "any other")

H1_STATUTORY_RE = re.compile(
    r"(social care provision|provision).{0,80}(section 2 of the chronically sick|chronically sick and disabled|csdpa)",
    re.IGNORECASE,
)
H2_STATUTORY_RE = re.compile(
    r"^(any\s+)?other\s+social\s+care\s+provision|^social care provision reasonably required|"
    r"^other social care",
    re.IGNORECASE,
)

GROUP_TITLES = frozenset((
    "provision", "resources", "needs", "needs outcomes and provision", "outcomes and provision",
    "needs and outcomes", "needs and provision", "strengths difficulties and outcomes",
    "strengths needs and outcomes", "strengths and needs", "strengths difficulties outcomes and provision",
    "education health and care provision", "health and social care", "health and social care provision",
    "placement and personal budget", "the plan", "my plan", "education health and care needs",
    "special educational needs outcomes and provision", "needs outcomes provision",
))
PART_RE = re.compile(r"^part\s+(?:\d{1,2}|one|two|three|four|five|six|[ivx]{1,4})\b", re.IGNORECASE)
PROFILE_TITLES = frozenset((
    "this is me", "all about me", "one page profile", "one-page profile", "my one page profile",
    "pupil profile", "pen portrait", "my pen portrait", "about me page", "a page about me",
))
END_RE = re.compile(
    r"^(signed|signature|signatures|authorised|authorized|on behalf of|issued by|"
    r"name of (the )?(officer|case ?worker|case officer|coordinator|co-ordinator|plan coordinator|send officer)|"
    r"distribution( list)?|circulation( list)?|copies of this plan|copy of this plan|glossary|"
    r"this plan (was|has been) (issued|finalised|signed|agreed))\b",
    re.IGNORECASE,
)
PAGE_NUMBER_RE = re.compile(r"(?:\s*(?:\.{2,}|…+|_{3,}|-{3,}|·{2,})\s*|\t+\s*|\s{2,})(?P<page>\d{1,3})\s*$")
DOT_LEADER_RE = re.compile(r"(\.{4,}|…{2,}|·{3,})")


@dataclass(frozen=True)
class HeadingText:
    """What a heading's words say: the section it names (A..K, H1, H2), a sub-part number,
    the title, whether the word "Section" or "Part" was written, and whether only the letter
    was written (a bare label such as "Section A" or "(A)", whose title may follow)."""

    letter: str
    sub: str | None
    title: str
    explicit: bool
    bare: bool

    @property
    def sub_part(self) -> bool:
        """A numbered part of a section (A1, A2, K3) that stays in it; H1 and H2 are sections."""
        return self.sub is not None and self.letter != "H"

    @property
    def section(self) -> str:
        """The section a heading starts: H1 and H2 are sections; other sub-parts stay in theirs."""
        if self.letter == "H" and self.sub in ("1", "2"):
            return f"H{self.sub}"
        return self.letter


def collapse(text: str) -> str:
    return " ".join(text.split())


def words_of(text: str) -> str:
    """Lower-case words only: punctuation and extra spaces gone ("Strengths, Difficulties
    and Outcomes:" -> "strengths difficulties and outcomes")."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("&", " and ")).split())


HEADING_STARTS = frozenset("SsPpABCDEFGHIJKabcdefghijk(0123456789")


def parse_heading(text: str) -> HeadingText | None:
    """The section heading a line is written as, or None (see the module docstring)."""
    if not text or len(text) > 2 * MAX_HEADING_CHARS:
        return None
    if text.lstrip()[:1] not in HEADING_STARTS and not text.rstrip().endswith((")", "]", ":", ".")):
        return None
    text = collapse(text)
    if not text or len(text) > MAX_HEADING_CHARS or MULTI_LETTER_RE.match(text):
        return None
    match = HEADING_RE.match(text)
    if match:
        heading = _from_match(match)
        if heading is not None:
            return heading
    trailing = TRAILING_LABEL_RE.match(text)
    if trailing:
        letter = trailing.group("letter").upper()
        sub = _sub(trailing.group("sub"), letter)
        return HeadingText(letter=letter, sub=sub, title=trailing.group("title").strip(" :-–—."), explicit=True, bare=False)
    return None


def _sub(raw: str | None, letter: str) -> str | None:
    if not raw:
        return None
    key = raw.strip(" ()").lower()
    if letter != "H" and not key.isdigit():
        return None
    return _ROMAN_SUB.get(key, key)


def _from_match(match: re.Match) -> HeadingText | None:
    word = (match.group("word") or "").lower()
    raw_letter = match.group("letter")
    explicit = bool(word)
    if not explicit and raw_letter != raw_letter.upper():
        return None
    letter = raw_letter.upper()
    hsub = match.group("hsub")
    sub = match.group("sub")
    if hsub is not None:
        if letter != "H":
            if not hsub.isdigit():
                return None  # "A i", "B(ii)", "A 1": not how sections are written
            sub, hsub = hsub, None  # A1, A2: a sub-part
        else:
            sub = _sub(hsub, "H")
    title = match.group("title").strip(" :-–—.")
    if match.group("open") and not match.group("close"):
        return None  # "(A" without its bracket
    if re.match(r"^(and|&|,|or|to)\b", title, re.IGNORECASE):
        return None  # "Sections B, E and F", "A and B": over several sections
    if word == "part" and not explicit:
        return None
    if hsub is not None and not hsub.strip().startswith("(") and not hsub.strip().isdigit():
        # "Hi", "H ii": only a heading when a separator or the end follows ("Hi there" is not)
        rest = match.string[match.end("hsub"):]
        if rest and not re.match(r"^\s*([:.\-–—)]|$)", rest):
            return None
    bare = not title
    return HeadingText(letter=letter, sub=sub, title=title, explicit=explicit, bare=bare)


def statutory_h(text: str) -> str | None:
    """'H1' or 'H2' when a short line is the statutory wording of that part of Section H."""
    if len(text) > 2 * MAX_HEADING_CHARS:
        return None
    lowered = text.lower()
    if "social care" not in lowered and "chronically" not in lowered and "csdpa" not in lowered:
        return None
    text = collapse(text)
    if not text or len(text) > MAX_HEADING_CHARS:
        return None
    if H1_STATUTORY_RE.search(text):
        return "H1"
    if H2_STATUTORY_RE.search(text):
        return "H2"
    return None


def title_fits(section: str, title: str) -> bool:
    """True when a title (possibly empty) reads like the statutory title of that section."""
    if not title:
        return True
    lowered = title.lower()
    if section in ("H1", "H2"):
        extra = H1_WORDS if section == "H1" else H2_WORDS
        return any(word in lowered for word in TITLE_WORDS["H"] + extra)
    return any(word in lowered for word in TITLE_WORDS.get(section[:1], ()))


LABEL_RE = re.compile(
    r"\(?\bsections?\s+(?P<letter>[A-Ka-k])(?P<sub>\s?(?:[12]|\(\s?i{1,2}\s?\)|i{1,2}\b))?(?!\w)\)?", re.IGNORECASE)
BARE_LABEL_RE = re.compile(r"^\(?(?:(?P<letter>[A-K])|(?P<hletter>H)(?P<sub>[12]|\s?\(?i{1,2}\)?))\)?[:.]?$")


def label_letter(text: str) -> str | None:
    """The section a short label cell names: 'Needs (Section B)' -> 'B', 'F' -> 'F',
    'Section H(ii)' -> 'H2'; None for other text."""
    text = collapse(text)
    if not text or len(text) > MAX_LABEL_CHARS or MULTI_LETTER_RE.match(text):
        return None
    match = LABEL_RE.search(text) or BARE_LABEL_RE.match(text)
    if not match:
        return None
    letter = (match.group("letter") or match.groupdict().get("hletter") or "").upper()
    sub = _sub(match.group("sub"), letter)
    if letter == "H" and sub in ("1", "2"):
        return f"H{sub}"
    return letter


def is_multi_section(text: str) -> bool:
    """'Sections B, E and F: ...': a heading over several sections laid out together."""
    return len(text) <= MAX_HEADING_CHARS and bool(MULTI_LETTER_RE.match(collapse(text)))


def is_group_title(text: str) -> bool:
    """A title standing above several sections: "Part 2: Needs", "Provision",
    "Strengths, Difficulties and Outcomes", "Sections B, E and F"."""
    text = collapse(text)
    if not text or len(text) > MAX_LABEL_CHARS:
        return False
    if is_multi_section(text) or PART_RE.match(text):
        return True
    words = words_of(text)
    return words in GROUP_TITLES or any(
        words.endswith(" " + title) for title in GROUP_TITLES if " and " in title and len(title.split()) >= 3)


def is_profile_title(text: str) -> bool:
    """The title of a profile page kept apart from Section A: "This is me", "One page profile"."""
    text = collapse(text)
    return bool(text) and len(text) <= MAX_LABEL_CHARS and words_of(text).replace(" page ", " page ") in {
        words_of(title) for title in PROFILE_TITLES
    }


def is_end_matter(text: str) -> bool:
    """A line that starts the end matter after the last section: signatures, the officer's
    name, distribution lists."""
    text = collapse(text)
    return bool(text) and len(text) <= MAX_HEADING_CHARS and bool(END_RE.match(text))


def strip_page_number(text: str) -> tuple[str, bool]:
    """A contents line without its leader and page number, and whether it had a page number:
    'Section A  Views ....... 3' -> ('Section A  Views', True)."""
    match = PAGE_NUMBER_RE.search(text)
    if not match or match.start() == 0:
        return text, False
    return text[: match.start()].rstrip(" .\t…·_-"), True


def has_dot_leader(text: str) -> bool:
    return bool(DOT_LEADER_RE.search(text))
