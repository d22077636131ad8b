"""Glob patterns over dotted module names, with `{name}` captures (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CAPTURE = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_PLAIN = re.compile(r"^[A-Za-z0-9_*]+$")


class PatternError(ValueError):
    """A pattern that cannot be parsed; the message says why."""


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern: `*` one segment, `**` any number of segments, `{m}` a capture."""

    text: str
    segments: tuple[str, ...]
    captures: tuple[str, ...]

    def match(self, name: str, bound: tuple[tuple[str, str], ...] = ()) -> dict[str, str] | None:
        """Return the captures when `name` (relative dotted name) matches, else None.

        Captures named in `bound` must equal the bound value; the others must differ from
        every bound value (so `{other}` never equals `{m}`).
        """
        regex = _regex(self.segments, bound)
        found = regex.fullmatch(name)
        if found is None:
            return None
        values = {key: value for key, value in found.groupdict().items() if value is not None}
        taken = {value for _, value in bound}
        if any(value in taken for value in values.values()):
            return None
        return values


def any_matcher(patterns: tuple[Pattern, ...], bound: tuple[tuple[str, str], ...] = ()):
    """Return `name -> bool`: does any of `patterns` match `name` under `bound`?

    Patterns without captures are joined into one regex (one match per name, not one per
    pattern); the others are matched one by one.
    """
    plain = [p for p in patterns if not p.captures]
    captured = [p for p in patterns if p.captures]
    joined = re.compile("|".join(f"(?:{_regex(p.segments, ()).pattern})" for p in plain)).fullmatch if plain else None
    if not captured:
        return (lambda name: joined(name) is not None) if joined else (lambda name: False)

    def matches(name: str) -> bool:
        if joined is not None and joined(name) is not None:
            return True
        return any(p.match(name, bound) is not None for p in captured)

    return matches


def compile_pattern(text: str) -> Pattern:
    """Parse a pattern such as `modules.{m}.**`.

    Raises:
        PatternError: empty pattern, empty segment, bad characters or a repeated capture.
    """
    if not isinstance(text, str) or not text.strip():
        raise PatternError(f"a pattern must be a non-empty string, got {text!r}")
    segments = tuple(text.split("."))
    captures: list[str] = []
    for segment in segments:
        capture = _CAPTURE.match(segment)
        if capture:
            if capture.group(1) in captures:
                raise PatternError(f"capture {segment} appears twice in {text!r}")
            captures.append(capture.group(1))
        elif segment == "**":
            continue
        elif not segment or not _PLAIN.match(segment):
            raise PatternError(
                f"bad segment {segment!r} in {text!r}: use names, '*', '**' or '{{name}}'"
            )
    _regex(segments, ())  # reject patterns that do not compile, early
    return Pattern(text=text, segments=segments, captures=tuple(captures))


@lru_cache(maxsize=4096)
def _regex(segments: tuple[str, ...], bound: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    values = dict(bound)
    parts: list[str] = []
    for index, segment in enumerate(segments):
        first = index == 0
        capture = _CAPTURE.match(segment)
        if segment == "**":
            # Zero or more segments, taking the separating dot with it.
            parts.append(".*" if len(segments) == 1 else ("(?:[^.]+\\.)*" if first else "(?:\\.[^.]+)*"))
            continue
        if capture and capture.group(1) in values:
            body = re.escape(values[capture.group(1)])
        elif capture:
            body = f"(?P<{capture.group(1)}>[^.]+)"
        else:
            body = "[^.]*".join(re.escape(piece) for piece in segment.split("*"))
            body = body if "*" not in segment else f"(?=[^.])(?:{body})"
        previous_is_leading_star = index == 1 and segments[0] == "**"
        parts.append(body if first or previous_is_leading_star else f"\\.{body}")
    return re.compile("".join(parts))
