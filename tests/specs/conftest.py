"""Fixtures of the specs tests: a tiny FastAPI + AsyncAPI project in a real git repository."""

from __future__ import annotations

import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "specs_tiny_app"

PYPROJECT = f"""\
[project]
name = "specs-tiny-app"
version = "0.0.0"

[tool.refactor-tools]
package = "{PACKAGE}"
source = "src"
baseline = "v1"

[tool.refactor-tools.specs]
openapi = "{PACKAGE}.main:app"
asyncapi = "{PACKAGE}.main:ws"
"""

MAIN = '''\
"""A tiny app: two REST routes and an object that renders an AsyncAPI document."""
from fastapi import FastAPI
from pydantic import BaseModel
{extra_imports}

class Item(BaseModel):
    id: int
    name: str
{item_fields}

app = FastAPI(title="Tiny", version="1.0.0")


@app.get("/items/{{item_id}}", response_model=Item)
def get_item(item_id: int) -> Item:
    return Item(id=item_id, name="x")

{routes}

class Ws:
    """Stands in for typed_ws.WSApp: only .asyncapi() matters here."""

    def asyncapi(self) -> dict:
        schema = Item.model_json_schema(ref_template="#/components/schemas/{{model}}")
        return {{
            "asyncapi": "3.0.0",
            "info": {{"title": "Tiny WS", "version": "1.0.0"}},
            "channels": {{"ws": {{"address": "/ws", "messages": {{
                "items.update": {{"$ref": "#/components/messages/items.update"}}}}}}}},
            "operations": {{"items.update": {{
                "action": "send", "channel": {{"$ref": "#/channels/ws"}},
                "messages": [{{"$ref": "#/channels/ws/messages/items.update"}}]}}}},
            "components": {{
                "messages": {{"items.update": {{"name": "items.update",
                    "payload": {{"$ref": "#/components/schemas/Item"}}}}}},
                "schemas": {{"Item": schema}},
            }},
        }}


ws = Ws()
'''

LIST_ROUTE = '''
@app.get("/items", response_model=list[Item])
def list_items() -> list[Item]:
    return []
'''


@dataclass
class TinyProject:
    """A git repository holding the tiny app; edit, commit and tag it."""

    root: Path
    repo: object

    def write_main(self, *, routes: str = LIST_ROUTE, item_fields: str = "",
                   extra_imports: str = "") -> None:
        """Rewrite the app module."""
        text = MAIN.format(routes=routes, item_fields=textwrap.indent(item_fields, "    "),
                           extra_imports=extra_imports)
        (self.root / "src" / PACKAGE / "main.py").write_text(text, encoding="utf-8")

    def commit(self, message: str, tag: str | None = None) -> str:
        """Commit every file; optionally tag the commit; return its id."""
        self.repo.git.add("-A")
        self.repo.index.commit(message)
        if tag:
            self.repo.create_tag(tag)
        return self.repo.head.commit.hexsha

    def worktrees(self) -> list[str]:
        """Return the lines of `git worktree list --porcelain` that name a worktree."""
        out = subprocess.run(["git", "worktree", "list", "--porcelain"], cwd=self.root,
                             check=True, capture_output=True, text=True).stdout
        return [line for line in out.splitlines() if line.startswith("worktree ")]


@pytest.fixture
def project(tmp_path: Path) -> TinyProject:
    """A tiny project committed once and tagged `v1`."""
    import git

    root = tmp_path / "tiny"
    (root / "src" / PACKAGE).mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "src" / PACKAGE / "__init__.py").write_text("", encoding="utf-8")
    (root / ".gitignore").write_text(".refactor-tools/\n__pycache__/\n", encoding="utf-8")
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cfg:
        cfg.set_value("user", "name", "Specs Test")
        cfg.set_value("user", "email", "specs@example.invalid")
    project = TinyProject(root=root, repo=repo)
    project.write_main()
    project.commit("tiny app", tag="v1")
    return project
