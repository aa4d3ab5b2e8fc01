"""web app accounts and verified Slack interactions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name="uq_users_name"),
        sa.UniqueConstraint("slack_user_id", name="uq_users_slack_user_id"),
    )
    op.create_table(
        "slack_interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("request_ts", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_interactions")),
        sa.UniqueConstraint("signature", name="uq_slack_interactions_signature"),
    )


def downgrade() -> None:
    op.drop_table("slack_interactions")
    op.drop_table("users")
