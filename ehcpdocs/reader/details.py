"""Whose plan this is: the child's names, date of birth and plan reference, wherever the plan
writes them.

Details are read from tables in every shape councils use (label and value side by side,
several pairs in one row, labels in a header row with the values below), from 'Label: value'
lines (several on one line: "Name: … DOB: 03.04.2015 Ref: …"), and from the page headers and
footers. Tables or lines about someone else (parents and carers, the school, professionals,
the officer who signs) are skipped. Every date of birth the plan gives is collected: two
different ones make the date unusable, which the identity check refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.dates import parse_date
from ..model.plan import PlanDetails
from .blocks import BlockStream, RowInfo
from .profiles import LayoutProfile

NAME, GIVEN, MIDDLE, FAMILY, TITLE_SURNAME, DOB, REFERENCE, PREFERRED = (
    "name", "given_names", "middle_names", "family_name", "title_surname", "date_of_birth", "reference",
    "preferred_name")
MAX_LABEL_CHARS = 60
MAX_VALUE_CHARS = 120
TITLES = frozenset(("mr", "mrs", "miss", "ms", "mx", "master", "dr", "mstr"))

OTHER_PEOPLE = re.compile(
    r"\b(parents?|parental|carers?|mother|mum|father|dad|guardian|family|school|setting|college|nursery|gp|doctor|"
    r"social worker|professional|author|officer|coordinator|co-ordinator|case worker|caseworker|keyworker|"
    r"key worker|contact|signed|signature|headteacher|head teacher|sendco|senco|manager|health visitor|"
    r"therapist|psychologist|paediatrician|interpreter|advocate|sibling|brother|sister|emergency|"
    r"person completing|completed by|lead professional|role|job title|position|designation)\b",
    re.IGNORECASE,
)
NOT_A_DETAIL = re.compile(r"\b(nhs|upn|urn|uln|ulc|unique pupil|national insurance|social care (id|ref|number)|page|version)\b",
                          re.IGNORECASE)
PLACEHOLDER = re.compile(r"^(click|tap|enter|type|insert|select|choose)\b|«|»|^<.*>$|^\[.*\]$|^x+$|^_+$|^n/?a$",
                         re.IGNORECASE)


def detail_field(label: str, profile: LayoutProfile | None = None) -> str | None:
    """Which detail of the child a label names, or None ('Preferred name' -> 'preferred_name')."""
    label = " ".join(label.replace("*", " ").replace("\u00a0", " ").split()).strip(" :-–").lower()
    if not label or len(label) > MAX_LABEL_CHARS:
        return None
    if profile is not None:
        found = profile.detail_field(label)
        if found is not None:
            return found
    if re.search(r"\bdate of birth\b|\bd\.?\s?o\.?\s?b\b|\bbirth ?date\b|^born\b|\bi was born on\b|\bborn on\b", label):
        return DOB if not OTHER_PEOPLE.search(label) else None
    if NOT_A_DETAIL.search(label):
        return None
    if re.search(r"\bfamily name\b", label) and not re.search(r"\b(parent|carer|mother|father)", label):
        return FAMILY
    if re.search(r"\b(ehc|ehcp|ehc plan|plan|case|our|unique|send|sen|lcs|mosaic)\b.*\b(ref|reference|number|no|id)\b", label) \
            or re.fullmatch(r"ref(erence)?( number| no\.?| id)?|plan( number| no\.?)|ehcp|ehc plan", label) \
            or re.search(r"\b(ref|reference)(\s+(number|no\.?))?$", label) and not OTHER_PEOPLE.search(label):
        return REFERENCE if not re.search(r"social care|health|nhs|school|pupil|student", label) else None
    if re.search(r"\bknown as\b|\bpreferred\b|\blikes? to be (called|known)\b|\bname known by\b|\bnickname\b", label):
        return PREFERRED if not OTHER_PEOPLE.search(label) else None
    if OTHER_PEOPLE.search(label):
        return None
    if re.search(r"\btitle\s*(and|&)\s*(surname|last name|family name)\b", label):
        return TITLE_SURNAME
    if re.search(r"\bmiddle names?\b", label):
        return MIDDLE
    if re.search(r"\b(first|fore|given|christian|other)\s*names?\b|\bforename(\(s\)|s)?\b|\bfirst name(\(s\)|s)?\b", label):
        return GIVEN
    if re.search(r"\bsurname\b|\blast name\b|\bfamily name\b", label):
        return FAMILY
    if re.search(r"\bname\b", label) and not re.search(r"\b(of|for)\s+(the\s+)?(school|setting|institution|placement|provider)", label):
        return NAME
    return None


def clean_value(value: str) -> str:
    value = " ".join(value.replace("\u00a0", " ").split()).strip(" :;,|")
    if not value or len(value) > MAX_VALUE_CHARS or PLACEHOLDER.search(value):
        return ""
    return value


@dataclass
class _Found:
    value: str
    where: str
    label: str


class _Collector:
    """Details offered as (label, value) pairs, first finding of each kind kept; every date
    of birth kept."""

    def __init__(self, profile: LayoutProfile | None) -> None:
        self.profile = profile
        self.first: dict[str, _Found] = {}
        self.dates: list[_Found] = []

    def offer(self, label: str, value: str, where: str) -> bool:
        kind = detail_field(label, self.profile)
        if kind is None:
            return False
        value = clean_value(value)
        if not value or COLUMN_HEADING.match(value) or detail_field(value, self.profile) or is_label(value):
            return True  # a column heading beside the label, not its value
        label = " ".join(label.split()).strip(" :*")
        if kind == DOB:
            self.dates.append(_Found(value, where, label))
        self.first.setdefault(kind, _Found(value, where, label))
        return True


LINE_LABEL = re.compile(
    r"(?P<label>(?:(?:child(?:'s|’s)?|young person(?:'s|’s)?|pupil(?:'s|’s)?|my)\s+)?"
    r"(?:full name|first names?|forenames?(?:\(s\))?|given names?|surname|family name|last name|middle names?|"
    r"known as|preferred name|name|date of birth|d\.?\s?o\.?\s?b\.?|born|"
    r"(?:ehc|ehcp|ehc plan|plan|case|our|send)\s+(?:ref(?:erence)?|number|no\.?|id)(?:\s+(?:number|no\.?))?|ref(?:erence)?(?:\s+(?:number|no\.?))?))"
    r"\s*[:\-–]\s*",
    re.IGNORECASE,
)


def split_labelled_line(text: str) -> list[tuple[str, str]]:
    """'Name: Zoë Hart DOB: 03.04.2015 Ref: X-1' -> [('Name', 'Zoë Hart'), ('DOB', ...), ...]."""
    text = " ".join(text.replace("\t", "  ").split(" "))
    matches = list(LINE_LABEL.finditer(text))
    pairs = []
    for position, match in enumerate(matches):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        value = text[match.end():end]
        value = re.split(r"\s{2,}|\s[|/]\s", value.strip())[0].rstrip(" |/;,") if value.strip() else ""
        pairs.append((match.group("label"), value))
    if not pairs and ":" in text:
        label, _, value = text.partition(":")
        pairs.append((label, value))
    return pairs


def _context_is_other(text: str) -> bool:
    """A title above a table or rows ('Parent/carer details') about someone else."""
    text = " ".join(text.split())
    return 0 < len(text) <= 80 and bool(OTHER_PEOPLE.search(text)) and not re.search(
        r"\b(child|young person|pupil|my details|about me)\b", text, re.IGNORECASE)


def _table_pairs(stream: BlockStream, number: int, collector: _Collector, context_other: bool) -> int:
    """Offer a table's label/value pairs; returns how many labels it holds."""
    rows = stream.table_rows(number)
    labels = 0
    other = context_other
    for position, row in enumerate(rows):
        texts = [" ".join(text.split()) for text in row.texts]
        filled = row.filled
        if len(filled) == 1 and not any(kind == "t" for cell in row.cells for kind, _ in cell.items):
            text = texts[filled[0]]
            if _context_is_other(text) and ":" not in text:
                other = True
                continue
            if re.search(r"\b(child|young person|pupil|my details|about me|personal details)\b", text, re.IGNORECASE):
                other = False
        if other:
            continue
        field_at = [detail_field(text, collector.profile) for text in texts]
        below = rows[position + 1] if position + 1 < len(rows) else None
        if below is not None and sum(1 for kind in field_at if kind) >= 2 \
                and all(field_at[column] or is_label(texts[column]) for column in filled) \
                and _is_value_row(below, collector):
            for column, text in enumerate(texts):
                if field_at[column] and column < len(below.cells):
                    labels += collector.offer(text, below.cells[column].text, f"{stream.table(number).where}, row {below.index}")
            continue
        column = 0
        while column < len(texts):
            text = texts[column]
            where = f"{stream.table(number).where}, row {row.index}"
            if field_at[column] and column + 1 < len(texts) and not field_at[column + 1]:
                labels += collector.offer(text, texts[column + 1], where)
                column += 2
                continue
            if ":" in text and len(text) <= 200:
                for label, value in split_labelled_line(text):
                    labels += collector.offer(label, value, where)
            column += 1
    return labels


COLUMN_HEADING = re.compile(
    r"^(role|job title|title|service|organisation|organization|agency|team|contact( details)?|relationship|"
    r"signature|signed|date|address|email|telephone|phone|position|designation)$",
    re.IGNORECASE,
)
PHRASES = (
    (re.compile(r"^(?:my (?:full )?name is|i am called|my name's)\s+(?P<value>.+?)\.?$", re.IGNORECASE), NAME),
    (re.compile(r"^i (?:like|prefer|want) to be (?:known as|called)\s+(?P<value>.+?)\.?$", re.IGNORECASE), PREFERRED),
    (re.compile(r"^(?:my date of birth is|i was born on)\s+(?P<value>.+?)\.?$", re.IGNORECASE), DOB),
    (re.compile(r"\b(?:ehcp|ehc plan|ehc|plan)\s+(?:ref(?:erence)?|no\.?|number)\s*[:\-–]?\s*"
                r"(?P<value>[A-Z0-9][A-Za-z0-9_\-/]*\d[A-Za-z0-9_\-/]*)", re.IGNORECASE), REFERENCE),
)
LABEL_FOR = {NAME: "name", PREFERRED: "known as", DOB: "date of birth", REFERENCE: "plan reference"}


def phrase_pairs(text: str) -> list[tuple[str, str]]:
    """Details written as phrases: 'My name is Ruby-Mae Okafor', 'I like to be known as Ruby',
    '... EHCP ref PCC-EHCP-8123'."""
    text = " ".join(text.split())
    if len(text) > 300:
        return []
    pairs = []
    for pattern, kind in PHRASES:
        match = pattern.search(text)
        if match:
            pairs.append((LABEL_FOR[kind], match.group("value")))
    return pairs


OTHER_LABEL = re.compile(
    r"^(nhs|upn|uln|gender|sex|ethnicity|address|home address|postcode|school|setting|current (school|setting)|"
    r"year( group)?|first language|language|religion|telephone|phone|email|parents?|carers?|legal status|"
    r"looked after|date of (plan|issue|review|final plan|draft plan)|version|status|review date|"
    r"social worker|gp|national curriculum year)\b",
    re.IGNORECASE,
)


def is_label(text: str) -> bool:
    """True for a label of the details table that is not the child's name, birth date or
    reference ('NHS number', 'Gender', 'School')."""
    text = " ".join(text.split()).strip(" :*")
    return 0 < len(text) <= MAX_LABEL_CHARS and bool(OTHER_LABEL.match(text))


def _is_value_row(row: RowInfo, collector: _Collector) -> bool:
    return len(row.filled) >= 1 and not any(
        detail_field(cell.text, collector.profile) or is_label(cell.text) for cell in row.cells)


def details_tables(stream: BlockStream, profile: LayoutProfile | None = None) -> set[int]:
    """Tables that hold the child's details (two or more labels for the child): no section's."""
    found = set()
    for table in stream.tables:
        rows = stream.table_rows(table.index)
        labels = 0
        for row in rows[:12]:
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if detail_field(text, profile) in (NAME, GIVEN, FAMILY, TITLE_SURNAME, DOB, REFERENCE):
                    labels += 1
                elif ":" in text and len(text) <= 200:
                    labels += sum(1 for label, _ in split_labelled_line(text)
                                  if detail_field(label, profile) in (NAME, GIVEN, FAMILY, DOB, REFERENCE))
        if labels >= 2:
            found.add(table.index)
    return found


def find_details(stream: BlockStream, margins: list[BlockStream], owned: set[int],
                 profile: LayoutProfile | None = None, skipped_tables: set[int] = frozenset(),
                 end_matter: int | None = None) -> PlanDetails:
    """The plan's details (see the module docstring). ``owned`` holds the blocks sections own:
    their tables and lines are plan text, read for details only when nothing else gives them;
    ``skipped_tables`` (contents lists) are never read, nor anything from the block
    ``end_matter`` on (signatures and the officer's details)."""
    collector = _Collector(profile)
    if end_matter is not None:
        owned = owned | set(range(end_matter, len(stream.blocks)))
        skipped_tables = set(skipped_tables) | {
            table.index for table in stream.tables
            if any(cell.blocks and cell.blocks[0] >= end_matter for key in table.rows[:1] for cell in stream.rows[key].cells)}
    owned_tables = {stream.blocks[index].table for index in owned if stream.blocks[index].table is not None}
    owned_tables |= set(skipped_tables)
    for table in stream.tables:
        if table.index not in owned_tables:
            _table_pairs(stream, table.index, collector, _context_is_other(_preceding_text(stream, table.index)))
    _lines(stream, collector, lambda index: index not in owned)
    for margin in margins:
        for table in margin.tables:
            _table_pairs(margin, table.index, collector, False)
        for block in margin.blocks:
            if block.row is None and len(block.text) <= 300:
                for label, value in split_labelled_line(block.text) + phrase_pairs(block.text):
                    collector.offer(label, value, "page header or footer")
    if not ({NAME, GIVEN, FAMILY} & collector.first.keys()) or DOB not in collector.first:
        for table in stream.tables:
            if table.index in owned_tables and table.index not in skipped_tables:
                _table_pairs(stream, table.index, collector, _context_is_other(_preceding_text(stream, table.index)))
        _lines(stream, collector, lambda index: index in owned)
    return _resolve(collector)


def _lines(stream: BlockStream, collector: _Collector, wanted) -> None:
    """Offer the 'Label: value' lines of body paragraphs."""
    for kind, index in stream.items:
        if kind != "p" or not wanted(index):
            continue
        text = stream.blocks[index].text
        if len(text) <= 300 and (":" in text or "\t" in text):
            for label, value in split_labelled_line(text):
                collector.offer(label, value, stream.blocks[index].where)
        for label, value in phrase_pairs(text):
            collector.offer(label, value, stream.blocks[index].where)


def _preceding_text(stream: BlockStream, number: int) -> str:
    """The title just above a body table ('Parent/carer details'), or ''."""
    previous = None
    for kind, index in stream.items:
        if kind == "t" and index == number:
            break
        if kind == "p" and stream.blocks[index].text.strip():
            previous = stream.blocks[index]
    if previous is None:
        return ""
    text = " ".join(previous.text.split())
    titled = previous.bold or previous.heading_level is not None or len(text) <= 40
    return text if titled and ":" not in text.rstrip(":") else ""


def _resolve(collector: _Collector) -> PlanDetails:
    first = collector.first
    details = PlanDetails()
    details.found = {kind: found.where for kind, found in first.items()}
    details.labels = {kind: found.label for kind, found in first.items()}
    if REFERENCE in first:
        details.reference = first[REFERENCE].value
    given = first[GIVEN].value if GIVEN in first else None
    if given and MIDDLE in first:
        given = f"{given} {first[MIDDLE].value}"
    family = first[FAMILY].value if FAMILY in first else None
    if family is None and TITLE_SURNAME in first:
        family = strip_titles(first[TITLE_SURNAME].value)
    details.first_name = given
    details.last_name = family
    if given or family:
        details.name = " ".join(part for part in (given, family) if part)
    elif NAME in first:
        details.name = strip_titles(first[NAME].value)
    if PREFERRED in first:
        details.preferred_name = first[PREFERRED].value
    dates = collector.dates
    if dates:
        details.date_of_birth_text = dates[0].value
        parsed = [parse_date(found.value) for found in dates]
        details.date_of_birth = parsed[0]
        distinct = {value for value in parsed if value is not None}
        if len(distinct) > 1:
            details.problems.append("the plan gives two different dates of birth ("
                                    + " and ".join(found.where for found in dates[:2]) + ")")
    return details


def strip_titles(name: str) -> str:
    """'Miss Kowalczyk' -> 'Kowalczyk'."""
    words = name.split()
    while words and words[0].lower().strip(".") in TITLES:
        words = words[1:]
    return " ".join(words) or name
