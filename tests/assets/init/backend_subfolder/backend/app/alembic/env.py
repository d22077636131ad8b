# alembic environment
