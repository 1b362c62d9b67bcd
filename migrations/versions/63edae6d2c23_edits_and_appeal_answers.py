"""The text before an author's edit, kept for the queue; a moderator's answer to an appeal.

Revision ID: 63edae6d2c23
Revises: c9d0e1f2a3b4
"""

import sqlalchemy as sa
from alembic import op

revision = "63edae6d2c23"
down_revision = "c9d0e1f2a3b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contributions") as batch:
        batch.add_column(sa.Column("before_edit_title", sa.String(200), nullable=True))
        batch.add_column(sa.Column("before_edit_body", sa.Text(), nullable=True))
    with op.batch_alter_table("moderation_decisions") as batch:
        batch.add_column(sa.Column("author_note", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("moderation_decisions") as batch:
        batch.drop_column("author_note")
    with op.batch_alter_table("contributions") as batch:
        batch.drop_column("before_edit_body")
        batch.drop_column("before_edit_title")
