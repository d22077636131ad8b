"""Adapters: the few modules that reach git, subprocesses, pytest, pyproject/TOML files, the state
folder and processes.

They take plain values (a root path, arguments), never a `ProjectConfig`, return plain data and
turn library errors into the harness's own (`refactor_tools.errors`).
"""
