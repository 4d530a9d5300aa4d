"""The ``index.html`` page of a demo: its explanation and its figures in one file.

The page is self-contained (the PNGs are embedded as base64 ``data:`` URLs), so it can be
mailed or opened offline, and it has no scripts.

>>> html = build_page("Demo", ["a < b"], [(b"\\x89PNG", "A figure")])
>>> "a &lt; b" in html, "data:image/png;base64,iVBORw==" in html
(True, True)
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from descenso.i18n import get_language

__all__ = ["build_page"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #1a1a1a; }
pre { background: #f5f5f5; padding: 1em; overflow-x: auto; font-size: 0.85em; }
figure { margin: 2em 0; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { color: #444; margin-top: 0.4em; }
"""


def build_page(
    title: str, lines: Sequence[str], figures: Sequence[tuple[bytes, str]]
) -> str:
    """HTML text of a page with ``title``, the printed ``lines`` and ``(png, caption)`` figures.

    Parameters
    ----------
    title : str
        Heading and ``<title>`` of the page.
    lines : sequence of str
        The demo's printed explanation, shown preformatted.
    figures : sequence of (bytes, str)
        PNG bytes and a caption for each figure, in order.

    Returns
    -------
    str
        A complete HTML5 document; every piece of text is escaped.
    """
    escaped_title = html.escape(title)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{get_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escaped_title}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escaped_title}</h1>",
        "<pre>" + html.escape("\n".join(lines)) + "</pre>",
    ]
    for png, caption in figures:
        encoded = base64.b64encode(png).decode("ascii")
        escaped_caption = html.escape(caption)
        parts += [
            "<figure>",
            f'<img src="data:image/png;base64,{encoded}" alt="{escaped_caption}">',
            f"<figcaption>{escaped_caption}</figcaption>",
            "</figure>",
        ]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
