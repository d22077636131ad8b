"""An offline HTML page rendering an AsyncAPI document with a small inline script (no CDN)."""

from __future__ import annotations

import html
import json
from typing import Any

_SCRIPT = """
const doc = JSON.parse(document.getElementById("asyncapi").textContent);
const el = (tag, text, cls) => { const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const resolve = (ref) => ref.slice(2).split("/").reduce((o, k) => o && o[k], doc);
const main = document.getElementById("main");
main.appendChild(el("h1", doc.info.title + " " + doc.info.version));
if (doc.info.description) main.appendChild(el("p", doc.info.description));
for (const [key, ch] of Object.entries(doc.channels || {})) main.appendChild(el("p", "Channel " + key + ": " + ch.address, "channel"));
const showMessage = (parent, ref) => {
  const msg = resolve(resolve(ref.$ref).$ref);
  const box = el("details"); box.appendChild(el("summary", msg.name + " - " + (msg.title || "")));
  const payloadRef = msg.payload.properties.payload;
  const target = payloadRef.$ref ? resolve(payloadRef.$ref) : payloadRef;
  box.appendChild(el("pre", JSON.stringify(target, null, 2)));
  parent.appendChild(box);
};
main.appendChild(el("h2", "Operations"));
for (const [key, op] of Object.entries(doc.operations || {})) {
  const sec = el("section", undefined, "op " + op.action);
  sec.appendChild(el("h3", (op.action === "receive" ? "client -> server " : "server -> client ") + key));
  sec.appendChild(el("p", op.summary + "  [" + (op.tags || []).map(t => t.name).join(", ") + "]"));
  for (const ref of op.messages) showMessage(sec, ref);
  if (op.reply) { sec.appendChild(el("p", "Reply:")); for (const ref of op.reply.messages) showMessage(sec, ref); }
  main.appendChild(sec);
}
main.appendChild(el("h2", "Schemas"));
for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) {
  const box = el("details"); box.appendChild(el("summary", name));
  box.appendChild(el("pre", JSON.stringify(schema, null, 2))); main.appendChild(box);
}
"""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
.op { border-left: 4px solid #888; padding-left: 1rem; margin: 1rem 0; }
.op.receive { border-color: #2a7; } .op.send { border-color: #27c; }
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; }
"""


def render_page(document: dict[str, Any]) -> str:
    """Return a self-contained HTML page showing `document` (works without network)."""
    data = json.dumps(document, sort_keys=True).replace("</", "<\\/")
    title = html.escape(str(document.get("info", {}).get("title", "AsyncAPI")))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title} - AsyncAPI</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<div id=\"main\"><noscript>Enable JavaScript, or read asyncapi.json.</noscript></div>\n"
        f"<script id=\"asyncapi\" type=\"application/json\">{data}</script>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
