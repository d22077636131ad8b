"""CLI command `graph`; see refactor_tools.cli for exit-code mapping."""

from __future__ import annotations

from pathlib import Path

import typer

from .options import GraphFormat


def register(app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    app.command("graph")(graph_command)


def graph_command(
    project: Path = typer.Option(
        None, "--project", help="Project directory (default: found from the cwd)."
    ),
    fmt: GraphFormat = typer.Option(
        GraphFormat.mermaid, "--format", "-f", help="svg needs Graphviz; html is self-contained."
    ),
    depth: int = typer.Option(
        None,
        "--depth",
        help="Group by the first N name segments instead of modules/layers.",
    ),
    focus: str = typer.Option(
        None, "--focus", help="Show only this module or layer and its edges."
    ),
    out: Path = typer.Option(
        None, "--out", "-o", help="Write to this file instead of stdout."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write the boundary check's cache."
    ),
) -> int:
    """Draw the import graph collapsed to modules and layers; violations red, known ones dashed."""
    from ..config import load_config
    from ..errors import UsageError
    from ..graph import FORMATS, build_module_graph, render_graph

    fmt = GraphFormat(fmt).value
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown --format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}"
        )
    text = render_graph(
        build_module_graph(
            load_config(project), depth=depth, focus=focus, cache=not no_cache
        ),
        fmt,
    )
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
    return 0
