"""Hypothesis strategies: mutated .docx packages and hostile review, Annex 2 and referral data.

Documents start from a base plan (``bases``) and take one to three mutations, XML-level
(``xmlmutate``) or zip-level (``zipmutate``). Data starts from a base review or referral and
takes one to four mutations at JSON paths: wrong types, nulls, huge strings, control
characters, lone surrogates, dates from 0001 to 9999, NaN and Infinity, numbers too long to
read, deep nesting, unknown keys, sections and operations, and amendments anchored on the
plan's own text with new text of every kind. Data is serialised by ``json_text``, which
writes nesting of any depth as raw text (the harness itself never recurses over it).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date

from hypothesis import strategies as st

from . import bases, xmlmutate, zipmutate


@dataclass(frozen=True)
class Case:
    """One input for one target: the payload (.docx bytes or JSON text) and the base it came from."""

    target: str
    base: str
    payload: bytes
    recipe: tuple = field(default=(), compare=False)

# ---------------------------------------------------------------------------------------------
# documents

XML_STEPS = xmlmutate.XML_KINDS + xmlmutate.XML_KINDS  # XML mutations drawn twice as often
STEP_KINDS = XML_STEPS + zipmutate.ZIP_KINDS


def step() -> st.SearchStrategy:
    return st.tuples(st.sampled_from(STEP_KINDS), st.integers(0, 2**16), st.integers(0, 64))


def mutate_document(base: str, steps, scale: int) -> bytes:
    """A base plan with mutations applied: XML and member mutations, then record and byte ones."""
    original = bases.plan_bytes(base)
    members = None
    stored: set[str] = set()
    order = {kind: 0 for kind in xmlmutate.XML_KINDS} | {k: 1 for k in zipmutate.MEMBER_KINDS} | \
        {k: 2 for k in zipmutate.RECORD_KINDS} | {k: 3 for k in zipmutate.BYTE_KINDS}
    data = original
    rebuilt = False
    for kind, seed, amount in sorted(steps, key=lambda s: order[s[0]]):
        if order[kind] <= 1 and not original.startswith(b"PK"):
            data = zipmutate.mutate_bytes(data, "flip", seed, amount)  # not a zip (an OLE file): flip bytes
            continue
        if order[kind] <= 1:
            if members is None:
                members = zipmutate.read_members(original)
            if kind == "stored":
                stored.add(members[seed % len(members)][0] if members else "")
            elif order[kind] == 0:
                members = xmlmutate.mutate_xml(members, kind, seed, amount, scale)
            else:
                members = zipmutate.mutate_members(members, kind, seed, amount)
            continue
        if members is not None and not rebuilt:
            data = zipmutate.build_zip(members, stored=frozenset(stored))
            rebuilt = True
        if order[kind] == 2:
            data = zipmutate.mutate_records(data, kind, seed, amount)
        else:
            data = zipmutate.mutate_bytes(data, kind, seed, amount)
    if members is not None and not rebuilt:
        data = zipmutate.build_zip(members, stored=frozenset(stored))
    return data


def document_case(target: str, base_names: list[str], scale: int) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw):
        base = draw(st.sampled_from(base_names))
        steps = tuple(draw(st.lists(step(), min_size=1, max_size=3)))
        return Case(target, base, mutate_document(base, steps, scale), steps)

    return build()


# ---------------------------------------------------------------------------------------------
# data

SPECIAL_STRINGS = [
    "", " ", "\t", "\n", "\r\n", "\x00", "null", "None", "NaN", "true", "0", "-1", "{{ child.first_name }}",
    "{% for x in range(10**9) %}x{% endfor %}", "{{ ''.__class__.__mro__ }}", "<w:p/>", "&amp;", "]]>", "\u202e",
    "\u2028", "\ufeff", "\uffff", "\ufffe", "\U0010ffff", "\u0301", "Zoë Nguyễn", "\U0001F600", "\x85", "\x7f",
    "Section F", "section b", "H1", "h2", "a\x0bb", "a\x0cb", "a\x1bb", "%s%s%n", "../../etc/passwd", "C:\\x",
    "15 minutes", "25 hours per week", "weekly", "Weekly, 45 minutes", "PLAN-ID-" + "9" * 100,
]
DATE_STRINGS = [
    "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "31/12/9999", "1/1/1", "0000-00-00",
    "-0001-01-01", "2026-10-12T25:00:00", "2026-10-12T00:00:00+99:00", "12 October 2026", "yesterday",
    "9999-12-31T23:59:59", "0001-01-01T00:00:00Z", "20261012", "2026-W41-1",
]
SPECIAL_STRINGS += DATE_STRINGS
CONTROL = st.text(st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=4)
SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
HUGE_UNITS = ["x", "word ", "Zoë ", "\u00e9", "a b c. ", "\x01", "\ud800", "\t", "\n\n", "é\u0301 ", "🙂 "]


def huge_sizes(scale: int) -> list[int]:
    return [100, 1_000, 10_000, 100_000, 1_000_000, 5_000_000] if scale else [100, 1_000, 5_000]


def depths(scale: int) -> list[int]:
    return [10, 100, 500, 1_000, 5_000, 100_000] if scale else [10, 100, 1_500]


def strings(scale: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(SPECIAL_STRINGS),
        st.tuples(st.text(max_size=10), CONTROL, st.text(max_size=10)).map("".join),
        st.tuples(st.text(max_size=10), SURROGATES, st.text(max_size=10)).map("".join),
        st.tuples(st.sampled_from(HUGE_UNITS), st.sampled_from(huge_sizes(scale))).map(lambda t: t[0] * (t[1] // len(t[0]))),
        dates_as_text(),
    )


def dates_as_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates(date(1900, 1, 1), date(2199, 12, 31)).map(date.isoformat),
        st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
        st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(9999, 8, 31), date(1, 9, 1), date(2026, 2, 28)])
        .map(date.isoformat),
        st.datetimes().map(lambda d: d.isoformat()),
    )


class Raw:
    """Text spliced into the JSON as it is: nesting of any depth, numbers of any length."""

    def __init__(self, text: str) -> None:
        self.text = text


def raw_values(scale: int) -> st.SearchStrategy[Raw]:
    deep = st.tuples(st.sampled_from(depths(scale)), st.sampled_from(["array", "object", "mixed"])).map(
        lambda t: Raw(nested(*t)))
    return st.one_of(
        deep,
        st.sampled_from(["NaN", "Infinity", "-Infinity", "1e309", "-1e309", "5e-324", "-0.0", "1" * 5000,
                         "-" + "9" * 4301, "0." + "1" * 5000, "1E400000"]).map(Raw),
    )


def nested(depth: int, shape: str) -> str:
    if shape == "array":
        return "[" * depth + "]" * depth
    if shape == "object":
        return '{"a":' * depth + "1" + "}" * depth
    return '[{"a":' * (depth // 2) + "[]" + "}]" * (depth // 2)


def values(scale: int) -> st.SearchStrategy:
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**30]),
        st.floats(allow_nan=True, allow_infinity=True), strings(scale), raw_values(scale),
    )
    return st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(strings(0), scalars, max_size=3))


OPS = ["replace", "revise", "insert", "delete", "delete_row", "add_row", "revise_row", "rewrite"]
ODD_OPS = ["", "REPLACE", "bogus", "remove", "replace ", None, 5, ["replace"]]
ODD_SECTIONS = ["Z", "", "H", "h1", " section f ", "Section  B", "F1", "AA", None, 3, "\u0410", "Ｆ"]
OP_FIELDS = {
    "replace": ("old", "new"), "revise": ("paragraph", "new"), "insert": ("after", "new"), "delete": ("paragraph",),
    "delete_row": ("row",), "add_row": ("after", "cells"), "revise_row": ("row", "cells"), "rewrite": ("new",),
}


@st.composite
def anchor_text(draw, texts: list[str], scale: int):
    """Text of the plan's own (so the amendment reaches the engine), a piece of it, or anything."""
    choice = draw(st.integers(0, 9))
    text = draw(st.sampled_from(texts)) if texts else ""
    if choice < 5:
        return text
    if choice < 8 and text:
        start = draw(st.integers(0, max(0, len(text) - 1)))
        end = draw(st.integers(start + 1, len(text)))
        return text[start:end]
    return draw(strings(scale))


@st.composite
def new_text(draw, anchor: str, scale: int):
    """New text: the anchor edited word by word, with odd characters, many times over, or anything."""
    choice = draw(st.integers(0, 9))
    if choice < 4:
        words = anchor.split() or [""]
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(words)))
            what = draw(st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL_STRINGS), CONTROL, SURROGATES))
            if draw(st.booleans()) and at < len(words):
                words[at] = what
            else:
                words.insert(at, what)
        return " ".join(words)
    if choice < 6:
        times = draw(st.sampled_from([2, 10, 100, 1000, 20_000] if scale else [2, 10, 100]))
        times = min(times, max(1, MAX_PAYLOAD_BYTES // (4 * max(1, len(anchor)))))
        separator = draw(st.sampled_from([" ", "\n\n", "", "\t"]))
        return separator.join([anchor] * times)
    if choice < 7:
        words = draw(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=20))
        times = draw(st.sampled_from([1, 100, 10_000] if scale else [1, 20]))
        return " ".join(words * times)
    return draw(strings(scale))


@st.composite
def amendment(draw, plan: str, scale: int):
    texts = bases.plan_texts(plan)
    letters = sorted(texts)
    op = draw(st.one_of(st.sampled_from(OPS), st.sampled_from(ODD_OPS))) if draw(st.integers(0, 9)) == 0 \
        else draw(st.sampled_from(OPS))
    section = draw(st.sampled_from(letters)) if draw(st.integers(0, 9)) else draw(st.sampled_from(ODD_SECTIONS))
    here = texts.get(section, []) if isinstance(section, str) else []
    item: dict = {"op": op, "section": section}
    for key in OP_FIELDS.get(op, ("old", "new")) if isinstance(op, str) else ("old",):
        if key == "new":
            item[key] = draw(new_text(item.get("old") or item.get("paragraph") or item.get("after") or "", scale))
        elif key == "cells":
            count = draw(st.integers(0, 6))
            anchor = item.get("row") or item.get("after") or ""
            item[key] = [draw(new_text(anchor, scale)) for _ in range(count)]
        else:
            item[key] = draw(anchor_text(here, scale))
    if draw(st.integers(0, 9)) == 0:
        item[draw(strings(0))] = draw(values(0))
    if draw(st.integers(0, 9)) == 0 and len(item) > 1:
        del item[draw(st.sampled_from(sorted(k for k in item)))]
    return item


def paths(value, prefix=()) -> list[tuple]:
    """Every JSON path in a (shallow, base) document, iteratively."""
    found = [prefix]
    stack = [(value, prefix)]
    while stack:
        current, here = stack.pop()
        if isinstance(current, dict):
            items = current.items()
        elif isinstance(current, list):
            items = enumerate(current)
        else:
            continue
        for key, child in items:
            path = here + (key,)
            found.append(path)
            stack.append((child, path))
    return sorted(found, key=repr)


def get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def set_at(doc, path, value):
    if not path:
        return value
    get(doc, path[:-1])[path[-1]] = value
    return doc


def same_type(value, scale: int) -> st.SearchStrategy:
    """Another value of the same JSON type, hostile where the type allows."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-5, 20), st.integers(), st.sampled_from([2**63, -(2**63), 10**30]))
    if isinstance(value, float):
        return st.floats(allow_nan=True, allow_infinity=True)
    return strings(scale)


DATE_KEYS = ("date", "date_of_birth", "meeting_date", "notice_date", "submitted", "consent_date", "received")


@st.composite
def data_mutation(draw, doc, plan: str | None, scale: int):
    """One mutation of a JSON document; returns the new document."""
    every = paths(doc)
    kind = draw(st.sampled_from(["retype"] * 5 + ["amendments"] * 5 + ["date"] * 2 + ["set", "delete", "add",
                                                                                      "multiply", "swap", "year"]))
    if kind == "retype":  # a leaf replaced by another of its type: the data mostly stays valid
        leaves = [p for p in every if p and not isinstance(get(doc, p), (dict, list))]
        if leaves:
            path = draw(st.sampled_from(leaves))
            return set_at(doc, path, draw(same_type(get(doc, path), scale)))
        kind = "set"
    if kind == "amendments" and plan and isinstance(doc, dict):
        count = draw(st.integers(1, 4))
        doc["amendments"] = [draw(amendment(plan, scale)) for _ in range(count)]
        return doc
    if kind in ("date", "year"):
        wanted = [p for p in every if p and isinstance(p[-1], str)
                  and (p[-1] in DATE_KEYS or p[-1].endswith("date") or "year" in p[-1])]
        if wanted:
            path = draw(st.sampled_from(wanted))
            if "year" in str(path[-1]):
                value = draw(st.one_of(st.integers(-10**6, 10**6), st.sampled_from([-3, 14, 15, -4, 2**63, 9999])))
            else:
                value = draw(st.one_of(dates_as_text(), st.sampled_from(DATE_STRINGS)))
            return set_at(doc, path, value)
        kind = "set"
    path = draw(st.sampled_from(every))
    if kind == "set":
        return set_at(doc, path, draw(values(scale)))
    if kind == "delete" and path:
        parent = get(doc, path[:-1])
        del parent[path[-1]]
        return doc
    if kind == "add":
        target = get(doc, path)
        if isinstance(target, dict):
            target[draw(strings(0))] = draw(values(scale))
        elif isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(values(scale)))
        return doc
    if kind == "multiply":
        lists = [p for p in every if isinstance(get(doc, p), list) and get(doc, p)]
        if lists:
            where = draw(st.sampled_from(lists))
            items = get(doc, where)
            times = draw(st.sampled_from([10, 100, 1000, 10_000] if scale else [5, 30]))
            times = min(times, max(1, MAX_PAYLOAD_BYTES // (2 * len(json_text(items[0])))))
            items.extend(copy.deepcopy(items[0]) for _ in range(times))
        return doc
    if kind == "swap":
        current = get(doc, path)
        swapped = [current] if not isinstance(current, list) else {"0": current}
        if isinstance(current, str):
            swapped = draw(st.sampled_from([[current], {"text": current}, len(current), None, True]))
        elif isinstance(current, dict):
            swapped = list(current.values())
        return set_at(doc, path, swapped)
    return doc


WHOLE_DOCUMENTS = [b"", b"null", b"[]", b"42", b'"text"', b"{", b"NaN", b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00",
                   b"{}", b'{"plan_id": null}', b" " * 10_000, b"\x00" * 10, b"{\"a\":1,\"a\":2}", b"\xc3\x28",
                   b"[" * 100_000, b'{"a":' * 50_000, "{\"plan_id\": \"\ud800\"}".encode("utf-8", "surrogatepass")]


MAX_PAYLOAD_BYTES = 24 * 1024 * 1024  # the harness never builds a bigger input (it would test the harness)


def json_text(doc) -> bytes:
    """JSON text of a document holding ``Raw`` pieces (spliced in as written)."""
    raws: list[str] = []

    def default(value):
        if isinstance(value, Raw):
            raws.append(value.text)
            return f"\u0000RAW{len(raws) - 1}\u0000"
        raise TypeError(type(value).__name__)

    text = json.dumps(doc, ensure_ascii=True, allow_nan=True, default=default)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\u0000RAW{index}\u0000"), raw, 1)
    return text.encode("utf-8")


def data_case(target: str, base_names: list[str], scale: int, *, with_plan: bool) -> st.SearchStrategy[Case]:
    @st.composite
    def build(draw):
        base = draw(st.sampled_from(base_names))
        if draw(st.integers(0, 29)) == 0:
            return Case(target, base, draw(st.sampled_from(WHOLE_DOCUMENTS)), ("whole",))
        doc = bases.data(base)
        plan = bases.data_plan(base) if with_plan else None
        for _ in range(draw(st.integers(1, 3))):
            doc = draw(data_mutation(doc, plan, scale))
        return Case(target, base, json_text(doc), ("mutated",))

    return build()


def strategy_for(target, scale: int) -> st.SearchStrategy[Case]:
    """The cases of a ``harness.Target``: mutated documents or mutated data from its bases."""
    names = target.bases()
    if target.kind == "docx":
        return document_case(target.name, names, scale)
    with_plan = target.name.endswith(".review")  # amendments anchored on the review's own plan
    names = [n for n in names if n in bases.DATA_BASES]
    return data_case(target.name, names, scale, with_plan=with_plan)
