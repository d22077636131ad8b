"""The harness's error types; `refactor_tools.cli` maps them to exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class RefactorToolsError(Exception):
    """Base class: a message for the user, an optional hint, and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        """Return the message and, if any, the hint on its own line."""
        if self.hint:
            return f"{self.message}\nHint: {self.hint}"
        return self.message


class UsageError(RefactorToolsError):
    """Bad command-line input (exit 2)."""


class ConfigError(RefactorToolsError):
    """Bad or missing configuration (exit 2); names the file and key."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = ""
        if file and key:
            where = f"{file}: [{key}]: "
        elif file:
            where = f"{file}: "
        elif key:
            where = f"[{key}]: "
        super().__init__(f"{where}{message}", hint=hint)
        self.file = file
        self.key = key


class ProblemsFound(RefactorToolsError):
    """The check ran and found problems (exit 1)."""

    exit_code = EXIT_PROBLEMS
