"""Classify the differences between two AsyncAPI 3.0 documents.

Directions come from the operations: a message of a `receive` operation is sent by clients
(a request); a message of a `send` operation, or the reply to a `receive`, is sent by the
server (a response). A message no operation names is compared both ways.
"""

from __future__ import annotations

from typing import Any

from .collect import Collector, child, short
from .components import compare_components, component_renames, reachable_refs
from .model import Finding
from .normalize import Normalizer, canonical, deref
from .openapi_rules import notes
from .schema_rules import compare_schema

_MSG_NOTES = ("name", "title", "summary", "description", "tags", "examples", "externalDocs")
_OP_NOTES = ("title", "summary", "description", "tags", "externalDocs")
_BOTH = ("request", "response")


def _key(ref: str) -> str:
    """Return the last segment of a local ref, unescaped."""
    return ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def _pointer(*parts: str) -> str:
    """Return the local ref `#/a/b` for unescaped `parts`."""
    return "#" + child("", *parts)


def _ref_of(value: Any) -> str:
    return value.get("$ref", "") if isinstance(value, dict) else ""


def _op_messages(op: dict, channels: dict) -> list[str]:
    refs = [_ref_of(m) for m in op.get("messages") or ()]
    if "messages" not in op:
        # Omitted `messages` means every message of the operation's channel.
        name = _key(_ref_of(op.get("channel")))
        chan = channels.get(name) or {}
        refs = [_pointer("channels", name, "messages", m) for m in chan.get("messages") or {}]
    return refs


def message_directions(doc: dict[str, Any]) -> dict[str, set[str]]:
    """Return, for each message ref an operation names, who sends it (request/response)."""
    channels = doc.get("channels") or {}
    found: dict[str, set[str]] = {}
    for op in (doc.get("operations") or {}).values():
        op = deref(doc, op)
        own, other = ("request", "response") if op.get("action") == "receive" else ("response", "request")
        for ref in _op_messages(op, channels):
            found.setdefault(ref, set()).add(own)
        for msg in (op.get("reply") or {}).get("messages") or ():
            found.setdefault(_ref_of(msg), set()).add(other)
    return found


class _Docs:
    def __init__(self, old: dict, new: dict, out: Collector) -> None:
        self.old, self.new, self.out = old, new, out
        self.old_norm, self.new_norm = Normalizer(old), Normalizer(new)
        self.old_dirs, self.new_dirs = message_directions(old), message_directions(new)

    def content(self, doc: dict, norm: Normalizer, value: Any) -> str:
        """Return a key that is equal for two objects with the same meaning (names aside)."""
        return self.out.fp.of(_inline(norm, deref(doc, value)), annotations=False)


def _inline(norm: Normalizer, value: Any) -> Any:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#/components/"):
            return ref  # a channel or channel message: its name is what a rename compares
        if ref is not None:
            return _inline(norm, deref(norm.doc, value))
        return {k: norm.schema(v) if k in ("payload", "headers") else _inline(norm, v)
                for k, v in value.items() if k not in _MSG_NOTES}
    if isinstance(value, list):
        return [_inline(norm, v) for v in value]
    return value


def compare_asyncapi(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    """Return the classified differences between two AsyncAPI 3 documents."""
    out = Collector("asyncapi", component_renames(old, new, "schemas"))
    docs = _Docs(old, new, out)
    if old.get("asyncapi") != new.get("asyncapi"):
        out.add("asyncapi-version-changed", "non-breaking", "/asyncapi", "none",
                f"{short(old.get('asyncapi'))} -> {short(new.get('asyncapi'))}")
    notes(old.get("info") or {}, new.get("info") or {}, "/info", "none", out,
          keys=sorted(set(old.get("info") or {}) | set(new.get("info") or {})))
    notes(old, new, "", "none", out, keys=("id",))
    if old.get("defaultContentType") != new.get("defaultContentType"):
        out.add("default-content-type-changed", "breaking", "/defaultContentType", "none",
                f"{short(old.get('defaultContentType'))} -> {short(new.get('defaultContentType'))}")
    if canonical(old.get("servers")) != canonical(new.get("servers")):
        out.add("servers-changed", "potentially-breaking", "/servers", "none",
                "the servers list changed")
    channel_renames = _channels(docs)
    _operations(docs, channel_renames)
    roots = lambda d: [d.get("channels") or {}, d.get("operations") or {}]  # noqa: E731
    used = reachable_refs(old, roots(old)) | reachable_refs(new, roots(new))
    compare_components(old, new, "schemas", used, out)
    compare_components(old, new, "messages", used, out)
    handled = {"asyncapi", "info", "id", "defaultContentType", "servers", "channels",
               "operations", "components"}
    out.leftovers(old, new, handled, "", "none")
    return out.findings()


def _pair(docs: _Docs, old_map: dict, new_map: dict, kind: str, loc: str) -> dict[str, str]:
    """Report removed and added entries; pair removed+added with equal content as renames."""
    out = docs.out
    added = sorted(new_map.keys() - old_map.keys())
    keys = {name: docs.content(docs.new, docs.new_norm, new_map[name]) for name in added}
    renames: dict[str, str] = {}
    for name in sorted(old_map.keys() - new_map.keys()):
        old_key = docs.content(docs.old, docs.old_norm, old_map[name])
        match = next((a for a in added if a in keys and keys[a] == old_key), None)
        if match is None:
            out.add(f"{kind}-removed", "breaking", child(loc, name), "none", f"{kind} '{name}' removed")
            continue
        del keys[match]
        renames[name] = match
        out.add(f"{kind}-renamed", "breaking", child(loc, name), "none",
                f"{kind} '{name}' renamed to '{match}'")
    for name in sorted(keys):
        out.add(f"{kind}-added", "non-breaking", child(loc, name), "none", f"{kind} '{name}' added")
    return renames


def _channels(docs: _Docs) -> dict[str, str]:
    out = docs.out
    old_ch, new_ch = docs.old.get("channels") or {}, docs.new.get("channels") or {}
    renames = _pair(docs, old_ch, new_ch, "channel", "/channels")
    for name in sorted(old_ch.keys() & new_ch.keys()):
        old_c, new_c = deref(docs.old, old_ch[name]), deref(docs.new, new_ch[name])
        loc = child("", "channels", name)
        if old_c.get("address") != new_c.get("address"):
            out.add("channel-address-changed", "breaking", child(loc, "address"), "none",
                    f"address {short(old_c.get('address'))} -> {short(new_c.get('address'))}")
        notes(old_c, new_c, loc, "none", out, keys=_OP_NOTES)
        old_m, new_m = old_c.get("messages") or {}, new_c.get("messages") or {}
        mloc = child(loc, "messages")
        _pair(docs, old_m, new_m, "message", mloc)
        for key in sorted(old_m.keys() & new_m.keys()):
            ref = _pointer("channels", name, "messages", key)
            dirs = docs.old_dirs.get(ref, set()) | docs.new_dirs.get(ref, set())
            _message(docs, old_m[key], new_m[key], child(mloc, key), sorted(dirs) or _BOTH)
        out.leftovers(old_c, new_c, {"address", "messages", *_OP_NOTES}, loc, "none")
    return renames


def _message(docs: _Docs, old: Any, new: Any, loc: str, dirs) -> None:
    out = docs.out
    old_m, new_m = deref(docs.old, old), deref(docs.new, new)
    notes(old_m, new_m, loc, "none", out, keys=_MSG_NOTES)
    old_ct = old_m.get("contentType", docs.old.get("defaultContentType"))
    new_ct = new_m.get("contentType", docs.new.get("defaultContentType"))
    if old_ct != new_ct:
        out.add("message-content-type-changed", "breaking", child(loc, "contentType"), "none",
                f"content type {short(old_ct)} -> {short(new_ct)}")
    for part in ("payload", "headers"):
        old_s = docs.old_norm.schema(old_m.get(part))
        new_s = docs.new_norm.schema(new_m.get(part))
        for d in dirs:
            compare_schema(old_s, new_s, child(loc, part), d, out)
    out.leftovers(old_m, new_m, {"contentType", "payload", "headers", *_MSG_NOTES}, loc, "none")


def _msg_set(refs, renames: dict[str, str]) -> set[str]:
    result = set()
    for ref in refs:
        parts = ref.split("/")
        if len(parts) == 5 and parts[1] == "channels":
            name = _key("/" + parts[2])
            parts[2] = child("", renames.get(name, name))[1:]
        result.add("/".join(parts))
    return result


def _operations(docs: _Docs, channel_renames: dict[str, str]) -> None:
    out = docs.out
    old_ops, new_ops = docs.old.get("operations") or {}, docs.new.get("operations") or {}
    _pair(docs, old_ops, new_ops, "operation", "/operations")
    old_channels, new_channels = docs.old.get("channels") or {}, docs.new.get("channels") or {}
    for name in sorted(old_ops.keys() & new_ops.keys()):
        old_o, new_o = deref(docs.old, old_ops[name]), deref(docs.new, new_ops[name])
        loc = child("", "operations", name)
        action = new_o.get("action")
        if old_o.get("action") != action:
            out.add("operation-action-changed", "breaking", child(loc, "action"), "none",
                    f"action {short(old_o.get('action'))} -> {short(action)}")
        old_chan = _key(_ref_of(old_o.get("channel")))
        if channel_renames.get(old_chan, old_chan) != _key(_ref_of(new_o.get("channel"))):
            out.add("operation-channel-changed", "breaking", child(loc, "channel"), "none",
                    f"channel {short(old_o.get('channel'))} -> {short(new_o.get('channel'))}")
        old_refs = _msg_set(_op_messages(old_o, old_channels), channel_renames)
        new_refs = _msg_set(_op_messages(new_o, new_channels), channel_renames)
        added_sev = "non-breaking" if action == "receive" else "potentially-breaking"
        _ref_sets(out, old_refs, new_refs, child(loc, "messages"), "operation-message", added_sev)
        _reply(docs, old_o.get("reply"), new_o.get("reply"), child(loc, "reply"), channel_renames)
        notes(old_o, new_o, loc, "none", out, keys=_OP_NOTES)
        handled = {"action", "channel", "messages", "reply", *_OP_NOTES}
        out.leftovers(old_o, new_o, handled, loc, "none")


def _ref_sets(out: Collector, old: set[str], new: set[str], loc: str, rule: str, added_sev: str) -> None:
    for ref in sorted(old - new):
        out.add(f"{rule}-removed", "breaking", loc, "none", f"message {_key(ref)!r} no longer listed")
    for ref in sorted(new - old):
        out.add(f"{rule}-added", added_sev, loc, "none", f"message {_key(ref)!r} now listed")


def _reply(docs: _Docs, old: Any, new: Any, loc: str, renames: dict[str, str]) -> None:
    out = docs.out
    if old is None and new is None:
        return
    if new is None:
        out.add("operation-reply-removed", "breaking", loc, "none", "the reply was removed")
        return
    if old is None:
        out.add("operation-reply-added", "potentially-breaking", loc, "none", "a reply was added")
        return
    old_refs = _msg_set((_ref_of(m) for m in old.get("messages") or ()), renames)
    new_refs = _msg_set((_ref_of(m) for m in new.get("messages") or ()), renames)
    _ref_sets(out, old_refs, new_refs, child(loc, "messages"), "reply-message", "potentially-breaking")
    old_chan = _key(_ref_of(old.get("channel")))
    if renames.get(old_chan, old_chan) != _key(_ref_of(new.get("channel"))):
        out.add("operation-channel-changed", "breaking", child(loc, "channel"), "none",
                f"reply channel {short(old.get('channel'))} -> {short(new.get('channel'))}")
    out.leftovers(old, new, {"messages", "channel"}, loc, "none")
