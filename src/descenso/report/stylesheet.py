"""The report's inline style sheet: readable on screen and on paper, no external fonts."""

from __future__ import annotations

__all__ = ["STYLESHEET"]

STYLESHEET = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9dce1;
        --accent: #1f77b4; --warn-bg: #fff4e5; --warn-line: #f0a040; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 4rem; color: var(--ink);
       font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { margin: 0 0 .2rem; font-size: 1.8rem; }
h2 { margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line);
     font-size: 1.35rem; }
h3 { margin: 1.2rem 0 .5rem; font-size: 1.05rem; }
.subtitle, .created, .versions, .empty, .file { color: var(--muted); }
.empty { font-style: italic; }
.note { margin: .8rem 0; padding: .6rem .9rem; background: var(--warn-bg);
        border-left: 4px solid var(--warn-line); }
nav ol { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: 1rem 0 0; padding: 0;
         list-style: none; }
nav a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { padding: .3rem .8rem; border-bottom: 1px solid var(--line); text-align: left;
         vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
th[scope="row"] { font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 2rem; }
img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { margin-top: .4rem; color: var(--muted); font-size: .95rem; }
figcaption p { margin: 0 0 .2rem; }
.file { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
pre { padding: .8rem 1rem; overflow-x: auto; background: #f4f5f7; border-radius: 4px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
li { margin: .3rem 0; }
@media print { nav { display: none; } figure { break-inside: avoid; } }
"""
