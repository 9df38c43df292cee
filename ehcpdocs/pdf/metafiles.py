"""Windows metafile pictures (WMF, EMF), common in council logos and as the preview pictures of
embedded objects.

Pillow reads only a metafile's header outside Windows. With the optional ``metafiles`` extra
(``pip install 'ehcpdocs[metafiles]'``: metafile-render, MIT, wheels for Linux, Windows and
macOS) a metafile is replayed to a PNG at ``DPI`` and drawn like any picture; without it, or
when it cannot be replayed, the renderer draws a bordered box of the picture's size holding its
description, with a warning (``images.PicturePlaceholder``).
"""

from __future__ import annotations

from dataclasses import dataclass

DPI = 150  # sharp enough for a logo printed at its size; a 5 cm logo is about 300 pixels wide
MIN_COVERAGE = 0.005  # a replayed picture drawing on less of its area than this counts as blank


def metafile_kind(data: bytes) -> str | None:
    """"WMF" or "EMF" when ``data`` is a Windows metafile (by its header), else None."""
    if data[:4] == b"\xd7\xcd\xc6\x9a":  # placeable (Aldus) WMF
        return "WMF"
    if data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00":
        return "WMF"
    if data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "EMF"
    return None


@dataclass(frozen=True)
class Replayed:
    """A metafile drawn as a PNG; ``partial`` when some of its records were not supported."""

    png: bytes
    partial: bool


def replay(data: bytes) -> Replayed | None:
    """The metafile as a PNG through metafile-render, or None when it is not installed or the
    metafile cannot be replayed (damaged, over the converter's own bounds, unsupported)."""
    try:
        from metafile_render import render_metafile
    except ImportError:
        return None
    try:
        result = render_metafile(data, output_format="png", dpi=DPI, backend="replay")
    except Exception:  # the converter raises its own and built-in types for bad files
        return None
    if not result.data or result.width <= 0 or result.height <= 0 or _nearly_empty(result.data):
        return None
    return Replayed(result.data, bool(result.partial))


def _nearly_empty(png: bytes) -> bool:
    """Whether a replayed picture came out (almost) blank: metafile-render 0.4 draws some
    metafiles whose window origin is negative outside its canvas without saying so. A box with
    the description and a warning is better than a blank space."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(png)) as image:
            if "A" not in image.getbands():
                return False
            histogram = image.getchannel("A").histogram()
    except Exception:  # an unreadable PNG from the converter: treat as not drawn
        return True
    total = sum(histogram)
    return total == 0 or (total - histogram[0]) / total < MIN_COVERAGE


def converter_available() -> bool:
    """Whether metafile-render is installed."""
    try:
        import metafile_render  # noqa: F401
    except ImportError:
        return False
    return True
