"""Rendering a Word template with data, safely and deterministically.

Templates are ordinary .docx files with Jinja2 tags (docxtpl). Rendering runs in a sandboxed
Jinja2 environment, so a template cannot reach Python internals; an undefined variable is an
error that names the variable and the template; and data is always text, never template code:
every value is XML-escaped, and its braces are written as character references so that docxtpl's
post-processing (which turns ``{_{`` back into ``{{``) cannot change what was typed. Control
characters that XML cannot hold are refused, naming the field.

The same template and data give the same bytes: core-properties dates are fixed to the form's
own date and the package is re-zipped with fixed timestamps.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..docx import compat
from ..docx.package import open_package
from ..docx.write import package_bytes
from ..errors import EhcpDocsError, ReviewDataError, TemplateError
from ..model.fields import NOT_TEXT, text_problem
from .templates import TemplateSource

# XML 1.0 refuses C0 controls other than tab, newline and carriage return, lone surrogates and
# U+FFFE / U+FFFF; C1 controls are legal but never typed on purpose, so they are refused too.
FORBIDDEN_CHARACTERS = NOT_TEXT
UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def literal_text(value: Any) -> Markup:
    """A value as XML text that no later step can read as markup or as a template tag."""
    if value is None:
        return Markup("")
    text = str(escape(value)) if not isinstance(value, Markup) else str(value)
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


def sandbox() -> SandboxedEnvironment:
    """A fresh sandboxed environment: autoescaping, strict about undefined variables."""
    return SandboxedEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=literal_text,
        keep_trailing_newline=True,
    )


def check_text(context: Any, path: str = "$") -> list[tuple[str, str]]:
    """Every string in the context that holds a character XML cannot store, by JSON path.

    Walked with a stack, not recursion, so data nested however deep costs no Python frames; a
    list or mapping met twice (YAML aliases, data that holds itself) is looked at once, so the
    work is bounded by the size of the input, not by what its references expand to.
    """
    problems: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(path, context)]
    seen: set[int] = set()
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem is not None:
                problems.append((where, problem))
            continue
        if isinstance(value, (Mapping, list, tuple)):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, Mapping):
            stack.extend((f"{where}.{key}", item) for key, item in reversed(list(value.items())))
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{where}[{index}]", item) for index, item in reversed(list(enumerate(value))))
    return problems


def refuse_control_characters(data: Any, *, file: str | None = None) -> None:
    """Raise ``ReviewDataError`` naming every field that holds a control character."""
    problems = check_text(data)
    if problems:
        raise ReviewDataError("holds characters a Word document cannot store", problems=problems, file=file)


def normalise_newlines(value: Any) -> Any:
    """Strings with Windows or old Mac line ends turned into '\\n' (a line break in Word)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, Mapping):
        return {key: normalise_newlines(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise_newlines(item) for item in value]
    return value


def render_template(
    template: TemplateSource,
    context: Mapping[str, Any],
    *,
    title: str,
    dated: date,
    author: str = "ehcpdocs",
) -> bytes:
    """The rendered .docx: ``template`` filled with ``context``, deterministic for the same input.

    ``title`` and ``author`` go into the document properties; ``dated`` is the form's own date,
    used as its created and modified dates.
    """
    refuse_control_characters(context, file=template.name)
    context = normalise_newlines(dict(context))
    try:
        open_package(template.data, template.name)
    except EhcpDocsError as error:
        raise TemplateError(f"is not a usable Word template: {error.message}", template=template.name) from None
    DocxTemplate = compat.docxtpl().DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(template.data))
        document.render(context, jinja_env=sandbox(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise undefined_variable(exc, template, context) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"has a template tag that cannot be read near line {exc.lineno}: {exc.message}", template=template.name
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"tries something the sandbox forbids ({exc})", template=template.name) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"cannot be rendered ({exc})", template=template.name) from None
    except EhcpDocsError:
        raise
    except Exception as exc:  # docxtpl and lxml raise many types for a damaged template
        raise TemplateError(f"cannot be rendered ({type(exc).__name__}: {exc})", template=template.name) from None
    properties = document.docx.core_properties
    moment = datetime(dated.year, dated.month, dated.day, tzinfo=timezone.utc)
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_docx(buffer.getvalue())


def deterministic_docx(data: bytes) -> bytes:
    """The same package re-zipped with fixed timestamps and order, so equal parts give equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    return package_bytes(parts)


def undefined_variable(exc: jinja2.UndefinedError, template: TemplateSource, context: Mapping[str, Any]) -> TemplateError:
    """A ``TemplateError`` naming the variable the template asked for and what it may use."""
    match = UNDEFINED_NAME.search(str(exc.message or ""))
    variable = next((group for group in match.groups() if group), None) if match else None
    available = ", ".join(sorted(context))
    where = "packaged template" if template.origin == "packaged" else f"template in {template.origin}"
    if variable:
        message = (
            f"the {where} uses the variable '{variable}', which ehcpdocs does not provide "
            f"(available: {available})"
        )
    else:
        message = f"the {where} uses a variable ehcpdocs does not provide ({exc.message}; available: {available})"
    return TemplateError(message, template=template.name, variable=variable)


def docx_to_pdf(docx: bytes, *, title: str, author: str | None = None) -> bytes:
    """The PDF of a rendered form, through ehcpdocs' own renderer (imported when first needed)."""
    from ..pdf import to_pdf

    return to_pdf(docx, title=title, author=author)

