"""The wheel ships every package, the templates and the fonts."""

from __future__ import annotations

import re

from builders import REPO


def listed_packages() -> set[str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^packages = \[(.*?)\]", text, re.MULTILINE | re.DOTALL).group(1)
    return set(re.findall(r'"([\w.]+)"', block))


def test_every_package_is_listed_in_pyproject():
    on_disk = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "ehcpdocs").rglob("__init__.py")
    } | {"ehcpdocs.templates"}
    assert listed_packages() == on_disk


def test_templates_and_fonts_are_package_data():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ehcpdocs.templates" = ["*.docx"]' in text
    assert '"ehcpdocs.templates" = "templates"' in text
    assert list((REPO / "templates").glob("*.docx"))
    assert list((REPO / "ehcpdocs" / "pdf" / "fonts").rglob("*.ttf"))
