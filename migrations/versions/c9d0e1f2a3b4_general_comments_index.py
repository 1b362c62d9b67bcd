"""contributions: an index for a consultation's own discussion, newest first

Revision ID: c9d0e1f2a3b4
Revises: b8c9d0e1f2a3
Create Date: 2026-11-30 14:20:00

The consultation page lists the newest top-level comments that are not under an idea. With
several consultations in one table, PostgreSQL chose to walk the primary key backwards and skip
every newer consultation's rows (10,000 rows read for 21 shown, 6.6 ms); over this partial index
it reads 25 (0.5 ms).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9d0e1f2a3b4'
down_revision = 'b8c9d0e1f2a3'
branch_labels = None
depends_on = None

GENERAL_COMMENTS = "kind = 'comment' AND idea_id IS NULL AND depth = 0"


def upgrade():
    op.create_index('ix_contributions_general_comments', 'contributions', ['consultation_id', 'id'],
                    postgresql_where=sa.text(GENERAL_COMMENTS), sqlite_where=sa.text(GENERAL_COMMENTS))


def downgrade():
    op.drop_index('ix_contributions_general_comments', table_name='contributions')
