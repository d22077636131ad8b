import os

from notes import store


def test_environment_comes_from_the_project():
    assert os.environ["NOTES_DB"] == "notes.db"
    assert os.environ["NOTES_MODE"] == "test"  # `env` overrides the env-file


def test_add_then_count(fresh_db):
    before = store.count()
    store.add("first")
    store.add("second")
    assert store.count() == before + 2


def test_api(fresh_db, client):
    before = client.get("/notes/count").json()["count"]
    assert client.post("/notes", params={"text": "x"}).status_code == 200
    assert client.get("/notes/count").json()["count"] == before + 1
