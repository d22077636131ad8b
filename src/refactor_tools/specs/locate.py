"""Find the line of each JSON pointer in a document's text, for SARIF locations.

Public API:
    pointer_lines(text) -> dict[str, int]
    line_of(lines, pointer) -> int

Pure. A small scanner over JSON text records, for every member and item, the line where it
starts (an object member: the line of its key). A pointer the text does not hold (something
removed) takes the line of its nearest ancestor that it does hold.
"""

from __future__ import annotations

import bisect
from json.decoder import scanstring

_WS = " \t\r\n"
_END = ",}] \t\r\n"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer_lines(text: str) -> dict[str, int]:
    """Return JSON pointer -> 1-based line for every value of a JSON text.

    Raises:
        ValueError: the text is not JSON.
    """
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    found: dict[str, int] = {}

    def line(pos: int) -> int:
        return bisect.bisect_right(breaks, pos - 1) + 1

    def skip(i: int) -> int:
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    def value(i: int, pointer: str) -> int:
        # An explicit stack would avoid recursion; documents are nested a few dozen deep at most.
        i = skip(i)
        if i >= len(text):
            raise ValueError("unexpected end of the document")
        found.setdefault(pointer, line(i))
        char = text[i]
        if char == "{":
            i = skip(i + 1)
            if text[i:i + 1] == "}":
                return i + 1
            while True:
                i = skip(i)
                if text[i:i + 1] != '"':
                    raise ValueError(f"expected a key at line {line(i)}")
                start = i
                key, i = scanstring(text, i + 1)
                child = f"{pointer}/{_escape(key)}"
                found[child] = line(start)
                i = skip(i)
                if text[i:i + 1] != ":":
                    raise ValueError(f"expected ':' at line {line(i)}")
                i = skip(value(i + 1, child))
                if text[i:i + 1] == ",":
                    i += 1
                    continue
                if text[i:i + 1] == "}":
                    return i + 1
                raise ValueError(f"expected ',' or '}}' at line {line(i)}")
        if char == "[":
            i = skip(i + 1)
            if text[i:i + 1] == "]":
                return i + 1
            index = 0
            while True:
                i = skip(value(i, f"{pointer}/{index}"))
                index += 1
                if text[i:i + 1] == ",":
                    i += 1
                    continue
                if text[i:i + 1] == "]":
                    return i + 1
                raise ValueError(f"expected ',' or ']' at line {line(i)}")
        if char == '"':
            return scanstring(text, i + 1)[1]
        end = i
        while end < len(text) and text[end] not in _END:
            end += 1
        if end == i:
            raise ValueError(f"unexpected {char!r} at line {line(i)}")
        return end

    value(0, "")
    return found


def line_of(lines: dict[str, int], pointer: str) -> int:
    """Return the line of `pointer`, or of its nearest ancestor the document holds (else 1)."""
    while pointer:
        if pointer in lines:
            return lines[pointer]
        pointer = pointer.rsplit("/", 1)[0]
    return lines.get("", 1)
