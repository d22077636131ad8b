# alembic's environment script (alembic makes this folder without __init__.py)
