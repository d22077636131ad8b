"""The Typer application: every command, registered by its area's module.

Commands return their exit code (an int); `run` maps errors to exit codes (see the package).
"""

from __future__ import annotations

import sys

import typer

try:  # Typer >= 0.20 vendors click; older releases use the click package.
    from typer._click import exceptions as _click_exc
except ImportError:  # pragma: no cover - depends on the installed Typer
    from click import exceptions as _click_exc

from ..errors import EXIT_USAGE, RefactorToolsError
from . import report_error
from .help_text import ROOT_EPILOG, epilog_for

app = typer.Typer(
    name="refactor-tools",
    epilog=ROOT_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat `[tool.refactor-tools]` and friends.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"refactor-tools {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", is_eager=True, callback=_print_version,
        help="Print the version and exit.",
    ),
) -> None:
    """Drive a gradual monolith-to-modular refactor of a FastAPI app.

    Configuration lives in the target project's pyproject.toml, table [tool.refactor-tools];
    `refactor-tools init` writes a first one and `refactor-tools config` shows what is in force.
    """


@app.command("version")
def version() -> int:
    """Print the refactor-tools version."""
    from .. import __version__

    typer.echo(__version__)
    return 0


def _register_all() -> None:
    # One module per area; each adds its commands to `app`.
    from . import boundaries, codemods, demo, driver, specs

    for area in (boundaries, codemods, specs, driver, demo):
        area.register(app)
    from . import graph, report

    graph.register(app)
    report.register(app)
    from . import project

    project.register(app)
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        info.epilog = epilog_for(name, info.epilog)


_register_all()


def run(argv: list[str] | None = None) -> int:
    """Run the Typer application and return its exit code."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="refactor-tools")
    except RefactorToolsError as exc:
        code = report_error(exc)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        print("aborted", file=sys.stderr)
        code = 130
    except _click_exc.ClickException as exc:
        exc.show()
        code = EXIT_USAGE if isinstance(exc, _click_exc.UsageError) else exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    else:
        code = result if isinstance(result, int) else 0
    return code
