"""Choices shared by the CLI's commands: every `--format` (and `--fail-on`) is an Enum.

Typer shows an Enum's values in `--help` and rejects anything else with exit code 2 before the
command runs. Each Enum lists exactly what its renderer accepts (tests hold them equal), and
commands pass `.value` on, so the renderers keep taking plain strings.
"""

from __future__ import annotations

from enum import Enum


class TextJson(str, Enum):
    """`--format` of the commands that print a report or JSON."""

    text = "text"
    json = "json"


class BoundariesFormat(str, Enum):
    """`check-boundaries --format`."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class SpecDiffFormat(str, Enum):
    """`diff-specs --format`."""

    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"
    junit = "junit"


class GraphFormat(str, Enum):
    """`graph --format`."""

    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"
    html = "html"


class FailOn(str, Enum):
    """`diff-specs --fail-on`: the least severe difference that fails the check."""

    breaking = "breaking"
    potentially_breaking = "potentially-breaking"
    any = "any"
    none = "none"
