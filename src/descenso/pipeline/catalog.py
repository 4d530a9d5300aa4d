"""The table ``descenso datasets`` prints: every built-in dataset with its shape, task, source
and licence.

>>> lines = dataset_lines()
>>> lines[0].split()
['name', 'shape', 'task', 'licence']
>>> lines[1].split()[:5]
['abalone', '4177', 'x', '10', 'regression']
"""

from __future__ import annotations

from descenso.datasets.registry import list_datasets
from descenso.i18n import gettext as _
from descenso.pipeline.report_content import task_label

__all__ = ["dataset_lines"]


def dataset_lines() -> list[str]:
    """One header line, then per dataset a row and two indented lines (what, source)."""
    infos = list_datasets()
    shapes = [f"{info.n_samples} x {info.n_features}" for info in infos]
    name_width = max(len(_("name")), *(len(info.name) for info in infos)) + 2
    shape_width = max(len(_("shape")), *(len(shape) for shape in shapes)) + 2
    task_width = max(len(_("task")), *(len(task_label(info.task)) for info in infos)) + 2
    lines = [_("name").ljust(name_width) + _("shape").ljust(shape_width)
             + _("task").ljust(task_width) + _("licence")]
    for info, shape in zip(infos, shapes):
        lines.append(info.name.ljust(name_width) + shape.ljust(shape_width)
                     + task_label(info.task).ljust(task_width) + _(info.licence))
        lines.append("    " + _(info.description))
        lines.append("    " + _("source: {source}").format(source=_(info.source)))
    return lines
