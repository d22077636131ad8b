"""The notes table in the SQLite file named by NOTES_DB."""

import os
import sqlite3


def connect() -> sqlite3.Connection:
    """Open the database file named by the NOTES_DB environment variable."""
    return sqlite3.connect(os.environ["NOTES_DB"])


def reset() -> None:
    """Drop and recreate the notes table."""
    with connect() as db:
        db.execute("DROP TABLE IF EXISTS notes")
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")


def add(text: str) -> int:
    """Store a note and return its id."""
    with connect() as db:
        return db.execute("INSERT INTO notes (text) VALUES (?)", (text,)).lastrowid


def count() -> int:
    """Return the number of notes."""
    with connect() as db:
        return db.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
