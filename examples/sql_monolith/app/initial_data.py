"""Create the first superuser. Run by path from the project root: `python app/initial_data.py`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run by path: Python put app/ on sys.path; the project root holds the `app` package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session

from app.core.db import engine, init_db

logger = logging.getLogger(__name__)


def init() -> None:
    with Session(engine) as session:
        user = init_db(session)
        logger.info("first superuser: %s", user.email)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    logger.info("Creating initial data")
    init()
    logger.info("Initial data created")


if __name__ == "__main__":
    main()
