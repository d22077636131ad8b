"""Adapters: the few modules that reach git, subprocesses, pytest, pyproject files and the state directory."""
