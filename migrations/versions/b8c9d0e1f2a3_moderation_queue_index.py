"""contributions: partial indexes for the moderation queue

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-11-30 11:30:00

The queue page counts its items by reason on every request. Over only the rows that need review,
ordered as the queue is and carrying the columns its filters and counts read, this index lets
PostgreSQL count ten thousand queued items without reading the table. Each item also shows how
many of its author's contributions were rejected before: counted from the rejected rows alone.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8c9d0e1f2a3'
down_revision = 'a7b8c9d0e1f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_contributions_review', 'contributions', ['review_since', 'id'],
                    postgresql_where=sa.text('needs_review'), sqlite_where=sa.text('needs_review'),
                    postgresql_include=['consultation_id', 'kind', 'status', 'flag_count'])
    op.create_index('ix_contributions_rejected_authors', 'contributions', ['author_id'],
                    postgresql_where=sa.text("status = 'rejected'"),
                    sqlite_where=sa.text("status = 'rejected'"))


def downgrade():
    op.drop_index('ix_contributions_rejected_authors', table_name='contributions')
    op.drop_index('ix_contributions_review', table_name='contributions')
