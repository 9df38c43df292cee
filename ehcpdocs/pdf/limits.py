"""The bounds on one render's work, whatever the document holds.

A portal renders whatever is uploaded, so the work of a render must have a bound that does not
depend on luck: a document of a million empty paragraphs, 200,000 page breaks, a 5 MB paragraph
or a table of half a million cells must end in seconds, with a ``RenderError`` naming the file
when it is past a bound, and never need more than 600 MiB.

- **Pages**: at most ``MAX_PAGES`` (5,000) pages. The longest plans run to about a hundred.
- **Content**: ``MAX_CONTENT`` (10,000,000) units of content converted, where a character
  counts ``CHARACTER`` (1), a stretch of text in one look (a run, roughly) ``RUN`` (64) and a
  paragraph, table row or cell ``BLOCK`` (48): about what each costs in time and memory (a
  unit is some 25 bytes and half a microsecond). A 40-page plan is 300,000 to 400,000 units, so
  the bound is some 1,000 pages of a plan; a document at the bound renders in under 10 seconds
  in under 300 MiB above the parsed XML. A document.xml over 2 MB (``LARGE_PART_BYTES``; the
  largest real ones are under 1 MB) is counted first: one far past the bound stops before any
  work, and one of more than ``MAX_PLAN_OUTLINE_ELEMENTS`` (100,000) paragraphs, cells and runs
  gets heading bookmarks rather than the plan reader's section bookmarks, which would cost
  more than the rendering.
- **Pictures** (``images.py``): one of more than 40 megapixels is left out, one of more than
  16 is drawn at 16, and past 150 megapixels in all the rest are left out, each with a
  warning; a picture's decoded pixels are let go once the PDF holds it.
- **Sections**: at most ``MAX_SECTIONS`` (1,000) Word sections; the section breaks after that
  one are ignored (its page layout carries on) with a warning.
- **Time**: the ``timeout`` of ``render_pdf`` (60 seconds unless given), checked every
  ``CHECK_EVERY`` units while converting, before each flowable is placed, and at every page
  laid out and written.
- **Warnings**: at most ``MAX_WARNINGS`` (200) kept, then one saying more were left out.

Measurements are limited to what Word allows as they are read (``units.measure``).
"""

from __future__ import annotations

import time

from ..errors import RenderError

MAX_PAGES = 5000
MAX_CONTENT = 10_000_000
CHARACTER = 1
RUN = 64
BLOCK = 48
MAX_SECTIONS = 1000
LARGE_PART_BYTES = 2_000_000
MAX_PLAN_OUTLINE_ELEMENTS = 100_000
CHECK_EVERY = 50_000
MAX_WARNINGS = 200


class Work:
    """What one render has done so far, against its bounds. Converters add to ``spent`` and
    call ``checkpoint`` when it passes ``next_check`` (one comparison per paragraph)."""

    __slots__ = ("deadline", "next_check", "pixels", "spent", "timeout")

    def __init__(self, deadline: float | None = None, timeout: float | None = None) -> None:
        self.deadline = deadline
        self.timeout = timeout
        self.spent = 0
        self.next_check = CHECK_EVERY
        self.pixels = 0  # of the pictures decoded (images.MAX_PIXELS_IN_ALL)

    def checkpoint(self) -> None:
        """Stop the render when its content or time is past the bounds."""
        if self.spent > MAX_CONTENT:
            raise RenderError("the document holds more text and tables than the renderer's limit "
                              "(about 1,000 pages of a plan)")
        self.check_time()
        self.next_check = min(self.spent + CHECK_EVERY, MAX_CONTENT)

    def check_time(self) -> None:
        """Stop the render when it is past its time limit."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderError(f"rendering took longer than the time limit ({self.timeout:g} s)"
                              if self.timeout else "rendering took longer than the time limit")
