"""Finding the Word templates the forms are rendered from.

The templates ship inside the package as ``ehcpdocs.templates`` (the repository's ``templates/``
folder), so they are found without configuration. A council can keep its own copies in a folder
and pass it as ``templates=`` (``--templates DIR`` on the command line) to change wording,
letterhead or layout; a template the folder does not hold falls back to the packaged one, so a
folder may override only the forms it cares about.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import TemplateError

ANNEX2 = "annex2.docx"
NOTICE = "notice.docx"
REFERRAL = "referral.docx"
TEMPLATE_NAMES = (ANNEX2, NOTICE, REFERRAL)

TemplatesArg = str | os.PathLike | None


@dataclass(frozen=True)
class TemplateSource:
    """A template's bytes and where they came from (``origin`` is 'packaged' or the folder)."""

    name: str
    data: bytes
    origin: str


SOURCE_TREE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def packaged_template(name: str) -> bytes:
    """The bytes of a template shipped with ehcpdocs.

    An installed wheel has them as the package ``ehcpdocs.templates``; an editable install or a
    source checkout may not map that package, so the repository's ``templates/`` is the fallback.
    """
    try:
        return resources.files("ehcpdocs.templates").joinpath(name).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        pass
    try:
        return (SOURCE_TREE_TEMPLATES / name).read_bytes()
    except OSError:
        raise TemplateError(
            "is not installed with ehcpdocs; reinstall the package or pass a templates folder",
            template=name,
        ) from None


def find_template(name: str, templates: TemplatesArg = None) -> TemplateSource:
    """The template called ``name``: from the ``templates`` folder when it holds it, else packaged."""
    if templates is not None:
        folder = Path(templates)
        if not folder.is_dir():
            raise TemplateError(f"the templates folder {folder} does not exist or is not a folder", template=name)
        candidate = folder / name
        if candidate.is_file():
            try:
                return TemplateSource(name=name, data=candidate.read_bytes(), origin=str(folder))
            except OSError as exc:
                raise TemplateError(f"cannot be read ({exc.strerror})", template=str(candidate)) from None
    return TemplateSource(name=name, data=packaged_template(name), origin="packaged")
