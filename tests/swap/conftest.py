"""The scripts in ``scripts/`` are programs run in subprocesses, not test modules: never import
them (``--doctest-modules`` would run them at collection)."""

collect_ignore_glob = ["scripts/*.py"]
