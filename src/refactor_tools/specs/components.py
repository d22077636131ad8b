"""Reusable components: renames with identical content, and components no operation uses."""

from __future__ import annotations

from typing import Any

from .collect import Collector, child
from .normalize import Fingerprints, Normalizer, resolve_pointer


def reachable_refs(doc: dict[str, Any], roots: list[Any]) -> set[str]:
    """Return every `$ref` reachable from `roots`, following refs through the document."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen:
                seen.add(ref)
                stack.append(resolve_pointer(doc, ref))
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return seen


def _content_key(norm: Normalizer, section: str, name: str) -> str:
    ref = f"#/components/{section}/{name}"
    # A self-referencing component mentions its own name; alias it so a rename still matches.
    return Fingerprints({ref: "#self"}).of(norm.schema({"$ref": ref}), annotations=False)


def component_renames(
    old_doc: dict[str, Any], new_doc: dict[str, Any], section: str = "schemas"
) -> dict[str, str]:
    """Pair removed and added components whose normalised content is equal.

    Returns:
        Old ref -> new ref, e.g. "#/components/schemas/a__Bar" -> "#/components/schemas/Bar".
    """
    old_map = (old_doc.get("components") or {}).get(section) or {}
    new_map = (new_doc.get("components") or {}).get(section) or {}
    removed = sorted(old_map.keys() - new_map.keys())
    added = sorted(new_map.keys() - old_map.keys())
    if not removed or not added:
        return {}
    old_norm, new_norm = Normalizer(old_doc), Normalizer(new_doc)
    by_key: dict[str, list[str]] = {}
    for name in added:
        by_key.setdefault(_content_key(new_norm, section, name), []).append(name)
    renames: dict[str, str] = {}
    for name in removed:
        candidates = by_key.get(_content_key(old_norm, section, name))
        if candidates:
            new_name = candidates.pop(0)
            renames[f"#/components/{section}/{name}"] = f"#/components/{section}/{new_name}"
    return renames


def compare_components(
    old_doc: dict[str, Any],
    new_doc: dict[str, Any],
    section: str,
    used: set[str],
    out: Collector,
) -> None:
    """Report renamed, added, removed and unused-but-changed components of one section.

    Components that operations use are compared where they are used (with their direction);
    here only their names and the unused ones are reported, so nothing passes silently.
    """
    old_map = (old_doc.get("components") or {}).get(section) or {}
    new_map = (new_doc.get("components") or {}).get(section) or {}
    prefix = f"#/components/{section}/"
    renamed = {
        old[len(prefix):]: new[len(prefix):]
        for old, new in out.renames.items()
        if old.startswith(prefix)
    }
    base = child("", "components", section)
    for name in sorted(old_map.keys() - new_map.keys()):
        if name in renamed:
            out.add("component-renamed", "non-breaking", child(base, name), "none",
                    f"renamed to '{renamed[name]}' with identical content")
        else:
            out.add("component-removed", "non-breaking", child(base, name), "none",
                    f"'{name}' removed (uses are compared where they occur)")
    new_targets = set(renamed.values())
    for name in sorted(new_map.keys() - old_map.keys() - new_targets):
        out.add("component-added", "non-breaking", child(base, name), "none", f"'{name}' added")
    old_norm, new_norm = Normalizer(old_doc), Normalizer(new_doc)
    for name in sorted(old_map.keys() & new_map.keys()):
        if prefix + name in used:
            continue
        old_c = old_norm.schema({"$ref": prefix + name})
        new_c = new_norm.schema({"$ref": prefix + name})
        if not out.same(old_c, new_c):
            out.add("unused-component-changed", "non-breaking", child(base, name), "none",
                    f"'{name}' changed; no operation uses it")
