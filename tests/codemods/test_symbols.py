"""Symbol moves: `move app.crud:create_item,update_item app.modules.items.service`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from refactor_tools.cli import main
from refactor_tools.codemods import move, remove_shims
from refactor_tools.codemods.results import MoveRefused
from tests.helpers import UNUSED_PLUGINS

from .conftest import snapshot

CRUD = '''\
"""Database helpers."""

import uuid
from typing import Any

from app.models import Item, User

DB: dict[str, Any] = {}
MAX_TITLE = 50


def create_user(email: str) -> User:
    user = User(email)
    DB[email] = user
    return user


def get_user(email: str) -> User | None:
    return DB.get(email)


# Items.
def create_item(title: str, owner: User) -> Item:
    item = Item(title[:MAX_TITLE], owner.email)
    DB[str(uuid.uuid4())] = item
    return item


def update_item(item: Item, title: str) -> Item:
    item.title = title
    return item
'''

MODELS = """\
class Item:
    def __init__(self, title, owner_id=None):
        self.title = title
        self.owner_id = owner_id


class User:
    def __init__(self, email):
        self.email = email
"""

ROUTES = """\
from app import crud
from app.crud import get_user
from app.models import Item


def post(title: str, email: str) -> Item:
    owner = get_user(email)
    return crud.create_item(title, owner)
"""

TEST = """\
from unittest import mock

from app import crud
from app.api.items import post
from app.crud import create_item, create_user

TARGET = "app.crud.create_item"
FACTORY = "app.crud:update_item"


def test_post():
    create_user("a@b")
    assert post("t", "a@b").title == "t"
    assert crud.update_item(create_item("x", crud.get_user("a@b")), "y").title == "y"


def test_patch():
    with mock.patch(TARGET) as patched:
        post("t", "a@b")
    assert patched.called
"""

FILES = {
    "src/app/models.py": MODELS,
    "src/app/crud.py": CRUD,
    "src/app/api/items.py": ROUTES,
    "tests/test_items.py": TEST,
}

SERVICE = '''\
import uuid

from app.crud import DB, MAX_TITLE
from app.models import Item, User


# Items.
def create_item(title: str, owner: User) -> Item:
    item = Item(title[:MAX_TITLE], owner.email)
    DB[str(uuid.uuid4())] = item
    return item


def update_item(item: Item, title: str) -> Item:
    item.title = title
    return item
'''


def run_tests(root, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:refactor_tools", *UNUSED_PLUGINS,
         *extra, "tests"],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )


def test_symbols_move_with_their_imports_and_every_reference_follows(project):
    config = project(FILES)
    result = move(config, "crud:create_item,update_item", "modules.items.service")
    root = config.root
    assert (root / "src/app/modules/items/service.py").read_text() == SERVICE
    crud = (root / "src/app/crud.py").read_text()
    assert "import uuid" not in crud and "from app.models import User\n" in crud
    assert "def create_item" not in crud and "def create_user" in crud
    assert '"create_item": "app.modules.items.service",' in crud  # the shim entry
    assert (root / "src/app/api/items.py").read_text() == (
        "from app.crud import get_user\nfrom app.models import Item\nfrom app.modules.items import service\n"
        "\n\ndef post(title: str, email: str) -> Item:\n    owner = get_user(email)\n"
        "    return service.create_item(title, owner)\n"
    )
    test = (root / "tests/test_items.py").read_text()
    assert "from app.crud import create_user\n" in test
    assert "from app.modules.items import service\nfrom app.modules.items.service import create_item\n" in test
    assert 'TARGET = "app.modules.items.service.create_item"' in test
    assert 'FACTORY = "app.modules.items.service:update_item"' in test
    assert "service.update_item(create_item(" in test and "crud.get_user(" in test
    assert result.shims == ("src/app/crud.py",)
    assert "src/app/modules/items/service.py" in result.created_files


def test_old_path_keeps_working_through_the_shim_until_remove_shims(project):
    config = project(FILES)
    root = config.root
    move(config, "crud:create_item,update_item", "modules.items.service")
    (root / "tests/test_old_path.py").write_text(
        textwrap.dedent("""\
            import pytest

            from app import crud


            def test_old_path():
                with pytest.deprecated_call():
                    from app.crud import create_item
                assert create_item.__module__ == "app.modules.items.service"
                with pytest.raises(AttributeError, match="no attribute 'nothing'"):
                    crud.nothing
            """)
    )
    with_shim = run_tests(root)
    assert with_shim.returncode == 0, with_shim.stdout + with_shim.stderr
    result = remove_shims(config)
    assert "src/app/crud.py" in result.changed_files
    crud = (root / "src/app/crud.py").read_text()
    assert "_MOVED_TO" not in crud and "__getattr__" not in crud and crud.endswith("return DB.get(email)\n")
    old_test = (root / "tests/test_old_path.py").read_text()
    assert "from app.modules.items.service import create_item" in old_test
    (root / "tests/test_old_path.py").unlink()
    after = run_tests(root)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "is deprecated" not in after.stdout


def test_code_that_stays_and_uses_a_moved_name_imports_it(project):
    crud = CRUD + "\n\ndef rename_all(title: str) -> None:\n    for item in DB.values():\n        update_item(item, title)\n"
    config = project({**FILES, "src/app/crud.py": crud})
    with pytest.raises(MoveRefused, match=r"import cycle app.modules.items.service -> app.crud -> app.modules"):
        move(config, "crud:create_item,update_item", "modules.items.service")
    before = snapshot(config.root)
    move(config, "crud:update_item", "modules.items.service")  # needs nothing that stays: no cycle
    text = (config.root / "src/app/crud.py").read_text()
    assert "from app.modules.items.service import update_item\n" in text
    assert before != snapshot(config.root)


def test_cycle_is_refused_with_exit_2_and_nothing_written(project, capsys):
    crud = CRUD + "\n\ndef rename_all(title: str) -> None:\n    for item in DB.values():\n        update_item(item, title)\n"
    config = project({**FILES, "src/app/crud.py": crud})
    before = snapshot(config.root)
    code = main(["move", "crud:create_item,update_item", "modules.items.service", "--project", str(config.root)])
    assert code == 2
    err = capsys.readouterr().err
    assert "DB (used by create_item, src/app/crud.py:25), MAX_TITLE (used by create_item, src/app/crud.py:24)" in err
    assert "the code that stays uses update_item (src/app/crud.py:36)" in err
    assert "Hint: move DB, MAX_TITLE as well" in err
    assert snapshot(config.root) == before


def test_existing_target_gets_the_symbols_appended_and_imports_merged(project):
    target = "from app.models import User\n\n\ndef owner_email(user: User) -> str:\n    return user.email\n"
    config = project({**FILES, "src/app/services.py": target})
    move(config, "crud:update_item", "services")
    text = (config.root / "src/app/services.py").read_text()
    assert text == (
        "from app.models import Item, User\n\n\ndef owner_email(user: User) -> str:\n    return user.email\n"
        "\n\ndef update_item(item: Item, title: str) -> Item:\n    item.title = title\n    return item\n"
    )


def test_a_target_that_imported_the_symbol_from_the_old_module_stops_doing_so(project):
    target = "from app.crud import update_item\n\n\ndef retitle(item):\n    return update_item(item, 'x')\n"
    config = project({**FILES, "src/app/services.py": target})
    move(config, "crud:update_item", "services")
    text = (config.root / "src/app/services.py").read_text()
    assert "import update_item" not in text and text.startswith("from app.models import Item\n")


def test_type_only_imports_stay_type_only(project):
    crud = (
        "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from app.models import Item\n\n\n"
        "def title_of(item: Item) -> str:\n    return item.title\n"
    )
    config = project({**FILES, "src/app/crud.py": crud, "tests/test_items.py": ""})
    move(config, "crud:title_of", "titles")
    text = (config.root / "src/app/titles.py").read_text()
    assert text == (
        "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from app.models import Item\n\n\n"
        "def title_of(item: Item) -> str:\n    return item.title\n"
    )
    old = (config.root / "src/app/crud.py").read_text()
    assert "if TYPE_CHECKING" not in old.split("# refactor-tools")[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("crud:import", "x", "'import' in app.crud:import is not a Python identifier"),
        ("crud:nothing", "x", "app.crud has no top-level function, class or constant 'nothing'"),
        ("crud:uuid", "x", "(it is imported there, not defined)"),
        ("crud:", "x", "names no symbol after the colon"),
        ("crud:create_item", "class.items", "NEW 'class.items' is not a dotted module name"),
        ("crud:create_item", "crud", "app.crud:create_item is already in app.crud"),
        ("crud:create_item", "models", "src/app/models.py already binds"),
    ],
)
def test_bad_symbol_moves_are_refused_before_any_write(project, old, new, message):
    config = project({**FILES, "src/app/models.py": MODELS + "\n\ndef create_item():\n    pass\n"})
    before = snapshot(config.root)
    with pytest.raises(Exception, match=None) as info:
        move(config, old, new)
    assert message in str(info.value)
    assert snapshot(config.root) == before


def test_dry_run_lists_the_diff_and_writes_nothing(project):
    config = project(FILES)
    before = snapshot(config.root)
    result = move(config, "crud:create_item", "modules.items.service", dry_run=True)
    assert snapshot(config.root) == before
    assert "+++ b/src/app/modules/items/service.py" in result.diff
    assert "-    return crud.create_item(title, owner)\n+    return service.create_item(title, owner)" in result.diff


def test_a_noqa_comment_follows_every_part_of_a_split_import(project):
    env = "from app.models import Item, User  # noqa: F401  (autogenerate sees them)\n"
    config = project({**FILES, "src/app/env.py": env})
    move(config, "models:Item", "modules.items.models")
    assert (config.root / "src/app/env.py").read_text() == (
        "from app.models import User  # noqa: F401  (autogenerate sees them)\n"
        "from app.modules.items.models import Item  # noqa: F401  (autogenerate sees them)\n"
    )


def test_all_lists_follow_the_symbols(project):
    crud = CRUD.replace('DB: dict', '__all__ = ["create_item", "create_user", "get_user", "update_item"]\n\nDB: dict')
    target = '__all__ = [\n    "owner_email",\n]\n\n\ndef owner_email(user):\n    return user.email\n'
    config = project({**FILES, "src/app/crud.py": crud, "src/app/services.py": target})
    move(config, "crud:create_item,update_item", "services")
    assert '__all__ = ["create_user", "get_user"]\n' in (config.root / "src/app/crud.py").read_text()
    assert (config.root / "src/app/services.py").read_text().startswith(
        'import uuid\n\nfrom app.crud import DB, MAX_TITLE\nfrom app.models import Item, User\n\n__all__ = [\n'
        '    "owner_email",\n    "create_item",\n    "update_item",\n]\n'
    )


def test_remove_shims_deletes_modules_left_empty_and_their_emptied_packages(project):
    # The monolith's models.py and web/deps.py lose every symbol: once the shim blocks go, only
    # a docstring and a __future__ import would be left (and web/ holds nothing else).
    models = '"""Tables."""\n\nfrom __future__ import annotations\n\n\n' + MODELS
    deps = '"""Dependencies."""\n\nfrom __future__ import annotations\n\n\ndef current():\n    return "me"\n'
    extras = '"""Kept: a string still names it."""\n\n\ndef extra():\n    return 1\n'
    user = 'from app.extras import extra\nfrom app.web.deps import current\n\nPLUGIN = "app.extras"\n'
    config = project({**FILES, "src/app/models.py": models, "src/app/web/__init__.py": "",
                      "src/app/web/deps.py": deps, "src/app/extras.py": extras, "src/app/user.py": user,
                      "src/app/web/routes/__init__.py": "", "src/app/web/routes/users.py": "R = 1\n"})
    root = config.root
    move(config, "models:Item,User", "modules.users.models")
    move(config, "web.routes.users", "modules.users.api")  # web/routes/ goes first, then web/
    move(config, "web.deps:current", "modules.users.deps")
    move(config, "extras:extra", "modules.users.extras")
    result = remove_shims(config)
    assert {"src/app/models.py", "src/app/web/deps.py", "src/app/web/__init__.py"} <= set(result.removed_files)
    assert not (root / "src/app/models.py").exists() and not (root / "src/app/web").exists()
    assert {"src/app/web", "src/app/web/routes"} <= set(result.removed_dirs)
    assert (root / "src/app/extras.py").read_text() == '"""Kept: a string still names it."""\n'
    assert (root / "src/app/user.py").read_text() == (
        "from app.modules.users.deps import current\nfrom app.modules.users.extras import extra\n\n"
        'PLUGIN = "app.extras"\n'
    )
    assert "from app.modules.users.models import Item, User" in (root / "src/app/crud.py").read_text()
    tests = run_tests(root)
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_a_call_through_the_old_module_inside_the_target_module_becomes_a_local_call(project):
    # `init` moved first and reaches `create_user` through `crud`; when `create_user` follows it
    # into the same module, the call must not import that module into itself.
    boot = 'from app import crud\n\n\ndef init():\n    return crud.create_user("root@x")\n'
    config = project({**FILES, "src/app/boot.py": boot})
    root = config.root
    move(config, "boot:init", "modules.users.service")
    service = (root / "src/app/modules/users/service.py").read_text()
    assert "from app import crud\n" in service and 'crud.create_user("root@x")' in service
    move(config, "crud:create_user,get_user", "modules.users.service")
    service = (root / "src/app/modules/users/service.py").read_text()
    assert "import service" not in service and "from app import crud" not in service
    assert '    return create_user("root@x")\n' in service
    assert "def create_user(email: str) -> User:" in service
    check = subprocess.run(
        [sys.executable, "-c", "from app.modules.users.service import init; print(init().email)"],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True, text=True,
    )
    assert check.returncode == 0 and check.stdout == "root@x\n", check.stderr
