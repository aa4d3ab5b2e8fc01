"""item evidence: several sources, extensions and completions per follow-up item

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_item_evidence_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["follow_up_items.id"], name=op.f("fk_item_evidence_item_id_follow_up_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_evidence")),
        sa.UniqueConstraint("item_id", "article_id", name="uq_item_evidence_item_article"),
    )
    with op.batch_alter_table("item_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_evidence_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_evidence_article_id"), ["article_id"], unique=False)
    # Items stored before this revision get their own article as the origin evidence.
    op.execute(
        "INSERT INTO item_evidence (item_id, article_id, role, source_url, sentence, start, \"end\", created_at) "
        "SELECT id, article_id, 'origin', source_url, evidence_sentence, evidence_start, evidence_end, created_at "
        "FROM follow_up_items"
    )


def downgrade() -> None:
    with op.batch_alter_table("item_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_evidence_article_id"))
        batch_op.drop_index(batch_op.f("ix_item_evidence_item_id"))
    op.drop_table("item_evidence")
