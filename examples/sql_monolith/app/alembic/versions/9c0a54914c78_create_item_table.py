"""Create the item table, owned by a user

Revision ID: 9c0a54914c78
Revises: e2412789c190
Create Date: 2026-11-09 16:40:03.552873

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c0a54914c78"
down_revision: str | None = "e2412789c190"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_item_owner_id"), "item", ["owner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_item_owner_id"), table_name="item")
    op.drop_table("item")
