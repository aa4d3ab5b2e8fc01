"""source kinds: sitemap and listing sources next to feeds; page metadata with provenance

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="feed"))
        batch_op.add_column(sa.Column("source_options", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("last_entries_seen", sa.Integer(), nullable=True))
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_meta", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("page_meta")
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_column("last_entries_seen")
        batch_op.drop_column("source_options")
        batch_op.drop_column("kind")
