"""One HTML page for every figure descenso draws: the report of a run and a lesson's page.

Both pages are self-contained (figures are ``data:`` URIs of PNG images, the style sheet is
inline), have no scripts and link to nothing outside the file, so they open offline and can
be e-mailed or handed in. Every piece of text is HTML-escaped here, never by the caller.

>>> body = figure_html(b"\\x89PNG", "A figure", "a < b")
>>> page = html_page("Demo", body)
>>> page.startswith("<!DOCTYPE html>"), "a &lt; b" in page, "<script" in page
(True, True, False)
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from typing import Any

from descenso._version import __version__
from descenso.i18n import get_language
from descenso.report.stylesheet import STYLESHEET

__all__ = ["escape", "figure_html", "html_page", "preformatted_html"]


def escape(value: Any) -> str:
    """``str(value)`` with ``& < > " '`` escaped for HTML text and attributes."""
    return html.escape(str(value), quote=True)


def figure_html(
    png: bytes,
    title: str,
    caption: str = "",
    *,
    name: str | None = None,
    filename: str | None = None,
    size: tuple[int, int] | None = None,
) -> str:
    """A ``<figure>``: its title as a heading, the embedded PNG, the caption and file name.

    Parameters
    ----------
    png : bytes
        The image, embedded as a base64 ``data:`` URI.
    title : str
        Heading and alternative text of the image.
    caption : str, optional
        What to look for in the figure.
    name : str, optional
        Makes the figure an anchor ``#figure-{name}``.
    filename : str, optional
        The PNG file saved beside the page, shown under the caption.
    size : (width, height), optional
        The image's size in pixels, so the browser lays out the page before decoding it.
    """
    data = base64.b64encode(png).decode("ascii")
    anchor = f' id="figure-{escape(name)}"' if name else ""
    dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
    paragraph = f"<p>{escape(caption)}</p>" if caption else ""
    file = f'<span class="file">{escape(filename)}</span>' if filename else ""
    return (
        f"<figure{anchor}><h3>{escape(title)}</h3>"
        f'<img src="data:image/png;base64,{data}"{dimensions} alt="{escape(title)}">'
        f"<figcaption>{paragraph}{file}</figcaption></figure>"
    )


def preformatted_html(lines: Sequence[str]) -> str:
    """Printed lines kept as they are (tables stay aligned), escaped, in one ``<pre>``."""
    return "<pre>" + escape("\n".join(lines)) + "</pre>"


def html_page(title: str, body: str, *, header: str = "", navigation: str = "") -> str:
    """A complete ``<!DOCTYPE html>`` document in the current language.

    Parameters
    ----------
    title : str
        The ``<title>`` and the ``<h1>``; escaped here.
    body : str
        HTML of the page's main content (already built with the helpers above).
    header : str, optional
        Extra HTML under the heading (subtitle, notes).
    navigation : str, optional
        HTML of a table of contents, placed between the header and the content.
    """
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(get_language())}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="descenso {escape(__version__)}">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1>{header}</header>\n"
        f"{navigation}<main>{body}</main>\n</body>\n</html>\n"
    )
