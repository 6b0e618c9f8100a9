"""Render PDF pages to embeddable images, one page at a time."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image

#: Colours kept in PNG page images (text pages need few; photos get posterized but stay legible).
PNG_COLOURS = 32
#: JPEG quality when ``image_format="jpeg"`` (better for scanned or photo-heavy pages).
JPEG_QUALITY = 70


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its size in points and pixels, offset of its box, the data: URI."""

    number: int  # 1-based
    width_pt: float
    height_pt: float
    origin: tuple[float, float]  # page.bbox x0, top: subtract from row coordinates
    width_px: int
    height_px: int
    data_uri: str


def _encode(image: object, image_format: str) -> str:
    buf = io.BytesIO()
    if image_format == "png":
        # A small palette keeps text pages compact (~50 KB at 100 dpi) without visible loss.
        palette = image.quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE)  # type: ignore[attr-defined]
        palette.save(buf, format="PNG")
        mime = "image/png"
    else:
        image.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)  # type: ignore[attr-defined]
        mime = "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def render_pages(
    path: Path,
    *,
    resolution: int = 100,
    password: str | None = None,
    image_format: str = "png",
) -> Iterator[PageImage]:
    """Yield every page of ``path`` rendered at ``resolution`` dpi, releasing each page after."""
    with pdfplumber.open(path, password=password or "") as pdf:
        for page in pdf.pages:
            try:
                rendered = page.to_image(resolution=resolution, antialias=True)
                image = rendered.original
                x0, top, x1, bottom = (float(v) for v in page.bbox)
                yield PageImage(
                    number=int(page.page_number),
                    width_pt=x1 - x0,
                    height_pt=bottom - top,
                    origin=(x0, top),
                    width_px=int(image.size[0]),
                    height_px=int(image.size[1]),
                    data_uri=_encode(image, image_format),
                )
                image.close()
                del rendered, image
            finally:
                page.close()
