"""The sweep's ``report.html``: one self-contained page (figures embedded, style inline) with
the trials' table, sortable by any column, and the figures of :mod:`descenso.sweep.figures`.

The page's only script sorts the table when a column heading is clicked; it is inline and needs
no network. Without scripts the table stays in its printed order: best trial first.
"""

from __future__ import annotations

from pathlib import Path

from descenso.i18n import gettext as _
from descenso.io import write_text_atomic
from descenso.report.figures import png_size
from descenso.report.html import format_value
from descenso.report.page import escape, figure_html, html_page
from descenso.sweep.figures import heat_map, metric_against_option
from descenso.sweep.grid import format_option

__all__ = ["REPORT_FILE", "build_sweep_report", "write_sweep_report"]

REPORT_FILE = "report.html"

# Click a heading to sort by it (numbers as numbers, empty cells last); click again to reverse.
_SORT_SCRIPT = """<script>
document.querySelectorAll("table.sortable th").forEach(function (th, column) {
  th.style.cursor = "pointer";
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0];
    var down = th.dataset.order !== "desc";
    th.dataset.order = down ? "desc" : "asc";
    var key = function (row) { return row.cells[column].dataset.value; };
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === "") return 1; if (y === "") return -1;
      var p = parseFloat(x), q = parseFloat(y);
      var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.localeCompare(y);
      return down ? -order : order;
    }).forEach(function (row) { body.appendChild(row); });
  });
});
</script>"""


def _table(plan, results, metric: str) -> str:
    names = list(plan.grid)
    metric_columns: list[str] = []
    for result in results:
        metric_columns += [name for name in result.columns() if name not in metric_columns]
    ordered = sorted(results, key=lambda result: (result.score(metric) is None,
                                                  -(result.score(metric) or 0.0)))
    heads = [_("trial"), _("status"), *names, *metric_columns, _("seconds"), _("error")]
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in heads)
    rows = []
    for result in ordered:
        record = result.record or {}
        columns = result.columns()
        cells = [(result.key, result.key), (result.status, _(result.status))]
        cells += [(format_option(result.trial.values[name]),) * 2 for name in names]
        cells += [("" if name not in columns else repr(float(columns[name])),
                   format_value(columns.get(name), decimals=4)) for name in metric_columns]
        seconds = record.get("seconds")
        cells += [("" if seconds is None else f"{seconds:.3f}",
                   "—" if seconds is None else f"{seconds:.1f}"),
                  (record.get("error") or "", record.get("error") or "")]
        rows.append("<tr>" + "".join(
            f'<td data-value="{escape(value)}">{escape(text)}</td>' for value, text in cells)
            + "</tr>")
    return (f'<table class="sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _figures(plan, results, metric: str) -> list[str]:
    figures = []
    for name in plan.grid:
        png = metric_against_option(
            name, [result.trial.values[name] for result in results],
            [result.score(metric) for result in results], metric)
        figures.append(figure_html(png, _("{metric} against {option}").format(
            metric=metric, option=name), size=png_size(png)))
    if len(plan.grid) == 2:
        (row, row_values), (column, column_values) = plan.grid.items()
        png = heat_map((row, list(row_values)), (column, list(column_values)),
                       [(result.trial.values[row], result.trial.values[column],
                         result.score(metric)) for result in results], metric)
        figures.append(figure_html(png, _("{metric} over {row} and {column}").format(
            metric=metric, row=row, column=column), _(
            "Each cell is a pair of values; brighter is better."), size=png_size(png)))
    return figures


def build_sweep_report(plan, results, best) -> str:
    """The HTML of the report (see the module docstring)."""
    metric = plan.metric
    finished = sum(result.status == "ok" for result in results)
    lines = [_("{finished} of {total} trials finished on {dataset}; trials are compared by "
               "{metric} (higher is better).").format(
        finished=finished, total=len(results), dataset=plan.dataset, metric=metric)]
    if best is not None:
        lines.append(_("Best trial: {trial} ({metric} {score:.4f}); its model is at the top of "
                       "this folder.").format(trial=best.trial.label(), metric=metric,
                                              score=best.score(metric)))
    if plan.command:
        lines.append(_("Command: {command}").format(command=plan.command))
    header = "".join(f"<p>{escape(line)}</p>" for line in lines)
    body = (f"<section><h2>{escape(_('Trials'))}</h2>"
            f"<p>{escape(_('Click a column heading to sort the table by it.'))}</p>"
            f"{_table(plan, results, metric)}</section>"
            f"<section><h2>{escape(_('Figures'))}</h2>{''.join(_figures(plan, results, metric))}"
            f"</section>{_SORT_SCRIPT}")
    return html_page(_("descenso sweep: {dataset}").format(dataset=plan.dataset), body,
                     header=header)


def write_sweep_report(plan, results, best) -> Path:
    """Write ``report.html`` into the sweep folder, atomically; returns its path."""
    path = Path(plan.folder) / REPORT_FILE
    write_text_atomic(path, build_sweep_report(plan, results, best))
    return path
