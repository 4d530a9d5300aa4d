"""The report as one self-contained HTML page: figures embedded, inline style, no scripts.

The page needs nothing but a browser: figures are ``data:`` URIs of PNG images, the style sheet
is inline, there is no JavaScript and no link to anything outside the file, so it opens
offline, can be e-mailed or handed in, and shows the same thing in ten years. Every string
that comes from the data or the user (feature names, the command line) is HTML-escaped.

>>> content = ReportContent(title="<b>demo</b>", metrics={"test": {"r2": 0.5}})
>>> page = build_report(content)
>>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;demo&lt;/b&gt;" in page, "<script" in page
(True, True, False)
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from descenso._version import __version__
from descenso.errors import DataError
from descenso.i18n import gettext as _
from descenso.io.atomic import write_text_atomic
from descenso.report.content import ReportContent, ReportFigure
from descenso.report.figures import metric_label, png_size
from descenso.report.page import escape as _text
from descenso.report.page import figure_html, html_page
from descenso.report.render import render_figures, split_label

__all__ = ["build_report", "figures_html", "format_seconds", "format_value", "write_report"]

_SPLIT_ORDER = ("train", "val", "validation", "test")


def format_value(value: Any, decimals: int | None = None) -> str:
    """A table cell's text. Lists are joined with commas; None is a dash.

    Floats keep 6 significant digits, or exactly ``decimals`` decimals when given (the
    metrics table uses 4, as the command line prints them); tiny and huge numbers switch to
    scientific notation.

    >>> format_value(0.001), format_value(4177.0), format_value(4177), format_value(None)
    ('0.001', '4177', '4177', '—')
    >>> format_value(0.375512, decimals=4), format_value(1234567.0, decimals=4)
    ('0.3755', '1.2346e+06')
    >>> format_value([128, 64]), format_value(float("nan")), format_value(True)
    ('128, 64', 'NaN', 'yes')
    """
    if value is None:
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return _("yes") if value else _("no")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "∞" if number > 0 else "−∞"
        if decimals is None:
            return f"{number:.6g}"
        if number != 0 and not 1e-4 <= abs(number) < 1e6:
            return f"{number:.{decimals}e}"
        return f"{number:.{decimals}f}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(format_value(item, decimals) for item in value)
    return str(value)


def format_seconds(seconds: float) -> str:
    """A duration with a unit people read at a glance.

    >>> format_seconds(0.000012), format_seconds(0.25), format_seconds(2.1), format_seconds(192)
    ('12 µs', '250 ms', '2.10 s', '3 min 12 s')
    """
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.0f} ms"
    if seconds < 60.0:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _empty(text: str) -> str:
    return f'<p class="empty">{_text(text)}</p>'


def _key_value_table(rows: Mapping[str, Any], empty: str, code_keys: bool = False) -> str:
    """A two-column table; ``code_keys`` shows the keys as code (option names, as typed)."""
    if not rows:
        return _empty(empty)
    key = "<code>{}</code>" if code_keys else "{}"
    body = "".join(f'<tr><th scope="row">{key.format(_text(name))}</th>'
                   f"<td>{_text(format_value(value))}</td></tr>" for name, value in rows.items())
    return f'<table class="pairs"><tbody>{body}</tbody></table>'


def _metrics_table(metrics: Mapping[str, Mapping[str, float]]) -> str:
    if not metrics:
        return _empty(_("No metrics were computed."))
    for split, values in metrics.items():
        if not isinstance(values, Mapping):
            raise DataError(
                _("metrics[{split!r}] must map metric names to numbers, got {kind}").format(
                    split=split, kind=type(values).__name__
                )
            )
    splits = sorted(metrics, key=lambda s: _SPLIT_ORDER.index(s) if s in _SPLIT_ORDER else 99)
    names = dict.fromkeys(name for split in splits for name in metrics[split])
    head = "".join(
        f'<th scope="col" class="number">{_text(split_label(split))}</th>' for split in splits
    )
    rows = []
    for name in names:
        cells = "".join(
            f'<td class="number">{_text(format_value(metrics[split].get(name), 4))}</td>'
            for split in splits
        )
        rows.append(f'<tr><th scope="row">{_text(metric_label(name))}</th>{cells}</tr>')
    return (
        f'<table class="metrics"><thead><tr><th scope="col">{_text(_("metric"))}</th>{head}'
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def figures_html(figures: Iterable[ReportFigure], empty: str = "") -> str:
    """Each figure as a ``<figure>`` block (see :func:`~descenso.report.page.figure_html`), or
    the ``empty`` note (if any) when there is none."""
    parts = [figure_html(figure.png, figure.title, figure.caption, name=figure.name,
                         filename=figure.filename, size=png_size(figure.png))
             for figure in figures]
    return "".join(parts) if parts or not empty else _empty(empty)


def _list(items: Sequence[str], empty: str) -> str:
    if not items:
        return _empty(empty)
    return "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in items) + "</ul>"


def _reproduce(command: str | None) -> str:
    versions = _("descenso {descenso}, Python {python}, NumPy {numpy}, on {system}").format(
        descenso=__version__, python=platform.python_version(), numpy=np.__version__,
        system=platform.system() or "unknown",
    )
    if command:
        intro = _("Run this command with the same versions to get the same results:")
        block = f"<p>{_text(intro)}</p><pre><code>{_text(command)}</code></pre>"
    else:
        block = _empty(_("The command was not recorded."))
    return f'{block}<p class="versions">{_text(versions)}</p>'


def build_report(content: ReportContent, figures: Sequence[ReportFigure] | None = None) -> str:
    """The whole report as one HTML string in the current language.

    Parameters
    ----------
    content : ReportContent
        What to show (see its documentation).
    figures : sequence of ReportFigure, optional
        Figures already drawn with :func:`~descenso.report.render.render_figures` (to save
        them as PNG too without drawing twice). Drawn from ``content`` when omitted.

    Returns
    -------
    str
        A complete ``<!DOCTYPE html>`` document with sections ``data``, ``model``,
        ``metrics``, ``training``, ``results``, ``diagnosis``, ``timings`` and ``reproduce``.
    """
    if figures is None:
        figures = render_figures(content)
    training = [figure for figure in figures if figure.section == "training"]
    results = [figure for figure in figures if figure.section != "training"]
    sections = [
        ("data", _("Data"), _key_value_table(content.data_summary, _("No data summary."))),
        ("model", _("Model and hyperparameters"),
         _key_value_table(content.model, _("No model description."))
         + _key_value_table(content.hyperparameters, _("No hyperparameters."),
                            code_keys=True)),
        ("metrics", _("Metrics"), _metrics_table(content.metrics)),
        ("training", _("Training"),
         figures_html(training, _("No training history: the model was fitted without iterating."))),
        ("results", _("Predictions"), figures_html(results, _("No prediction figures."))),
        ("diagnosis", _("Diagnosis"), _list(content.diagnosis, _("No diagnosis."))),
        ("timings", _("Timings"), _key_value_table(
            {name: format_seconds(seconds) for name, seconds in content.timings.items()},
            _("No timings were recorded."))),
        ("reproduce", _("How to reproduce"), _reproduce(content.command)),
    ]
    contents = "".join(
        f'<li><a href="#{key}">{_text(heading)}</a></li>' for key, heading, _body in sections
    )
    body = "".join(
        f'<section id="{key}"><h2>{_text(heading)}</h2>{section}</section>'
        for key, heading, section in sections
    )
    notes = "".join(f'<p class="note">{_text(note)}</p>' for note in content.notes)
    created = f'<p class="created">{_text(content.created)}</p>' if content.created else ""
    subtitle = _("A report by descenso {version}").format(version=__version__)
    header = f'<p class="subtitle">{_text(subtitle)}</p>{created}{notes}'
    navigation = f'<nav aria-label="{_text(_("Contents"))}"><ol>{contents}</ol></nav>\n'
    return html_page(content.title, body, header=header, navigation=navigation)


def write_report(
    path: str | os.PathLike[str],
    content: ReportContent,
    figures: Sequence[ReportFigure] | None = None,
) -> None:
    """Write :func:`build_report`'s page to ``path`` atomically, as UTF-8."""
    write_text_atomic(path, build_report(content, figures))
