"""The report of a run: figures as PNG and one self-contained HTML page.

Fill a :class:`ReportContent` with plain data, draw its figures once with
:func:`render_figures`, save them with :func:`write_figures`, and write the page with
:func:`write_report`::

    figures = render_figures(content)
    write_figures(out_dir, figures)
    write_report(out_dir / "report.html", content, figures)
"""

from descenso.report.content import (
    ClassificationResults,
    DiagnosisEvidence,
    RegressionResults,
    ReportContent,
    ReportFigure,
)
from descenso.report.html import build_report, format_seconds, format_value, write_report
from descenso.report.render import render_figures, split_label, write_figures

__all__ = [
    "ClassificationResults",
    "DiagnosisEvidence",
    "RegressionResults",
    "ReportContent",
    "ReportFigure",
    "build_report",
    "format_seconds",
    "format_value",
    "render_figures",
    "split_label",
    "write_figures",
    "write_report",
]
