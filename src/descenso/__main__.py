"""``python -m descenso`` runs the command line."""

from descenso.cli.main import console_main

console_main()
