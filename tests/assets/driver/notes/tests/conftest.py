import pytest

from notes import store


@pytest.fixture(scope="module")
def fresh_db():
    """One empty table per test module: the module's tests then run in order against it."""
    store.reset()
    yield
