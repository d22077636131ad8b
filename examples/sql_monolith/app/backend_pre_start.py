"""Wait until the database answers. Run by path: `python app/backend_pre_start.py`."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run by path: Python put app/ on sys.path; the project root holds the `app` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from app.core.db import engine

logger = logging.getLogger(__name__)

MAX_TRIES = int(os.environ.get("DB_WAIT_TRIES", "300"))  # 5 minutes at one try a second
WAIT_SECONDS = 1.0


def init(db_engine: Engine, tries: int = MAX_TRIES, wait: float = WAIT_SECONDS) -> None:
    """Run `SELECT 1` until it works; raise the last error after `tries` attempts."""
    for attempt in range(1, tries + 1):
        try:
            with db_engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return
        except OperationalError as exc:
            logger.warning("database not ready (attempt %d/%d): %s", attempt, tries, exc)
            if attempt == tries:
                raise
            time.sleep(wait)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    logger.info("Initializing service")
    init(engine)
    logger.info("Service finished initializing")


if __name__ == "__main__":
    main()
