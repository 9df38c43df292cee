"""Layout profiles: a coordinator's description of a council template the built-in rules
cannot read (or should read one particular way).

A profile is a small YAML file::

    name: Anyshire County Council EHCP template (2024)
    sections:                 # lines (headings, title cells, row labels) that start a section
      A: ["All about me"]
      E: ["What we want to achieve"]
      F: ["re:^support (needed|required)"]
    ignore:                   # lines that belong to no section and end the one before them
      - "Part 2"
      - "Our promise to you"
    details:                  # labels of the child's details
      given_names: ["Forename(s)"]
      family_name: ["Surname"]
      date_of_birth: ["D.O.B"]
      reference: ["EHCP no"]
    builtin: true             # also use ehcpdocs' own rules (false: only this profile)

A pattern matches a line (whitespace collapsed, case and quotes ignored, a trailing ':' or
'*' dropped) that equals it or starts with it followed by a space or punctuation; a pattern
written ``re:...`` is a regular expression matched at the start of the line. Profiles ship for
the council templates ehcpdocs is tested on (``ehcpdocs/layouts/``): pass their name.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import LayoutProfileError

SECTION_KEYS = ("A", "B", "C", "D", "E", "F", "G", "H", "H1", "H2", "I", "J", "K")
DETAIL_FIELDS = ("name", "given_names", "family_name", "date_of_birth", "reference", "preferred_name")
LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "layouts"
MAX_PROFILE_BYTES = 256 * 1024
MAX_PATTERN_CHARS = 200
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise_line(text: str) -> str:
    """A line as patterns see it: collapsed, lower case, straight quotes, no trailing ':'/'*'."""
    return " ".join(text.translate(QUOTES).split()).casefold().rstrip(" :*")


class Pattern:
    """One compiled pattern (see the module docstring)."""

    def __init__(self, source: str) -> None:
        self.source = source
        if source.startswith("re:"):
            self.regex = re.compile(source[3:].strip(), re.IGNORECASE)
            self.text = None
        else:
            self.regex = None
            self.text = normalise_line(source)

    def matches(self, line: str) -> bool:
        normal = normalise_line(line)
        if not normal:
            return False
        if self.regex is not None:
            return self.regex.match(normal) is not None
        if normal == self.text:
            return True
        return normal.startswith(self.text) and not normal[len(self.text)].isalnum()


def _check_patterns(values: list[str]) -> list[str]:
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("a pattern must be a non-empty string")
        if len(value) > MAX_PATTERN_CHARS:
            raise ValueError(f"a pattern may have at most {MAX_PATTERN_CHARS} characters")
        if value.startswith("re:"):
            try:
                re.compile(value[3:].strip())
            except re.error as error:
                raise ValueError(f"{value!r} is not a valid regular expression ({error})") from None
    return values


class LayoutProfile(BaseModel):
    """A layout profile (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=2000)
    builtin: bool = True
    sections: dict[str, list[str]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    details: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("sections")
    @classmethod
    def _sections(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, patterns in value.items():
            if key not in SECTION_KEYS:
                raise ValueError(f"unknown section {key!r}; use one of {', '.join(SECTION_KEYS)}")
            _check_patterns(patterns)
        return value

    @field_validator("ignore")
    @classmethod
    def _ignore(cls, value: list[str]) -> list[str]:
        return _check_patterns(value)

    @field_validator("details")
    @classmethod
    def _details(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, patterns in value.items():
            if key not in DETAIL_FIELDS:
                raise ValueError(f"unknown detail {key!r}; use one of {', '.join(DETAIL_FIELDS)}")
            _check_patterns(patterns)
        return value

    @cached_property
    def _section_patterns(self) -> list[tuple[str, Pattern]]:
        return [(key, Pattern(source)) for key, sources in self.sections.items() for source in sources]

    @cached_property
    def _ignore_patterns(self) -> list[Pattern]:
        return [Pattern(source) for source in self.ignore]

    @cached_property
    def _detail_patterns(self) -> list[tuple[str, Pattern]]:
        return [(key, Pattern(source)) for key, sources in self.details.items() for source in sources]

    def section_for(self, line: str) -> str | None:
        """The section a line starts, by this profile, or None."""
        if len(line) > 400:
            return None
        for key, pattern in self._section_patterns:
            if pattern.matches(line):
                return key
        return None

    def ignores(self, line: str) -> bool:
        return len(line) <= 400 and any(pattern.matches(line) for pattern in self._ignore_patterns)

    def detail_field(self, label: str) -> str | None:
        """The detail a label names, by this profile ('given_names', 'date_of_birth', ...)."""
        if len(label) > 200:
            return None
        for key, pattern in self._detail_patterns:
            if pattern.matches(label):
                return key
        return None


def shipped_layouts() -> dict[str, Path]:
    """The profiles that ship with ehcpdocs, by name (the file name without .yaml)."""
    if not LAYOUTS_DIR.is_dir():
        return {}
    return {path.stem: path for path in sorted(LAYOUTS_DIR.glob("*.yaml"))}


def load_profile(source: Any) -> LayoutProfile | None:
    """A profile from a path, the name of a shipped profile, a dict, or a profile (None stays
    None). A bad profile is a ``LayoutProfileError`` naming the file and every problem."""
    if source is None or isinstance(source, LayoutProfile):
        return source
    label = None
    if isinstance(source, dict):
        data = source
    else:
        path = Path(source)
        shipped = shipped_layouts()
        if not path.exists() and str(source) in shipped:
            path = shipped[str(source)]
        label = path.name
        if not path.is_file():
            known = ", ".join(shipped) or "none"
            raise LayoutProfileError(f"no such layout profile (a YAML file, or one of: {known})", file=label)
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise LayoutProfileError(f"the profile is larger than {MAX_PROFILE_BYTES // 1024} KiB", file=label)
        data = _parse_yaml(path.read_bytes(), label)
    if not isinstance(data, dict):
        raise LayoutProfileError("a layout profile must be a mapping (name, sections, ignore, details)", file=label)
    try:
        return LayoutProfile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"]) or "profile"
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}")
        raise LayoutProfileError("invalid layout profile: " + "; ".join(problems), file=label) from None


def portable_layout(layout: Any) -> str | None:
    """A layout profile given by path or name, checked, as something another process can
    load: an absolute path, or a shipped profile's name (None stays None)."""
    if layout is None:
        return None
    load_profile(layout)
    path = Path(layout)
    return str(path.resolve()) if path.is_file() else str(layout)


def _parse_yaml(data: bytes, label: str | None) -> Any:
    import yaml

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LayoutProfileError("the profile is not UTF-8 text", file=label) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LayoutProfileError(f"the profile is not valid YAML{where}", file=label) from None


SUGGESTED_DETAIL_FIELDS = {"name": "name", "given_names": "given_names", "family_name": "family_name",
                           "date_of_birth": "date_of_birth", "reference": "reference",
                           "preferred_name": "preferred_name"}
MAX_SUGGESTED_PATTERN = 60
MAX_SUGGESTED_WORDS = 6


def _pattern_for(text: str, *, label: bool = False) -> str:
    """A line cut to a prefix a profile can match it by: whole words, at most six of them and
    60 characters, so the template's wording stays and a child's name after it does not;
    ``label`` cuts at the first colon ('Signature: R. Smith' -> 'Signature')."""
    text = " ".join(text.split()).rstrip(" :*")
    if label and ":" in text[3:]:
        text = text[:text.index(":", 3)]
    words = text.split()
    if len(words) > MAX_SUGGESTED_WORDS:
        text = " ".join(words[:MAX_SUGGESTED_WORDS])
    if len(text) > MAX_SUGGESTED_PATTERN:
        text = text[:MAX_SUGGESTED_PATTERN].rsplit(" ", 1)[0]
    return text.rstrip(" ,;:-–—")


def suggest_profile(plan, name: str = "") -> str:
    """A starting layout profile (YAML) for a plan's template, from what the reader found: the
    lines that started each section, the lines set aside as group titles, profile pages and end
    matter, and the labels of the details. Lines that looked like headings but were not used
    are listed as comments, to move into ``sections`` where they should count."""
    import yaml

    sections: dict[str, list[str]] = {}
    for heading in plan.headings:
        if heading.text:
            patterns = sections.setdefault(heading.section, [])
            pattern = _pattern_for(heading.text)
            if pattern not in patterns:
                patterns.append(pattern)
    ignore: list[str] = []
    owned = [place.text for section in plan.sections.values() for place in section.places if place.text.strip()]
    for item in plan.set_aside:
        if item.reason in ("group title", "profile page", "end matter"):
            pattern = _pattern_for(item.text, label=True)
            if pattern and pattern not in ignore and not any(Pattern(pattern).matches(text) for text in owned):
                ignore.append(pattern)
    details = {SUGGESTED_DETAIL_FIELDS[kind]: [label] for kind, label in plan.details.labels.items()
               if kind in SUGGESTED_DETAIL_FIELDS and label}
    data: dict[str, Any] = {"name": name or "layout profile", "builtin": True, "sections": sections}
    if ignore:
        data["ignore"] = ignore
    if details:
        data["details"] = details
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    unused = [item for item in plan.set_aside if item.reason.startswith("not used")]
    if unused:
        lines = ["# Lines that look like section headings but were not used (move them into"
                 " 'sections' if they should start one):"]
        lines += [f"#   {item.where}: {_pattern_for(item.text)}  ({item.reason[len('not used: '):]})"
                  for item in unused[:40]]
        text += "\n".join(lines) + "\n"
    return text
