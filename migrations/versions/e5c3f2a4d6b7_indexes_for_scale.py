"""indexes for scale

Revision ID: e5c3f2a4d6b7
Revises: d4b2e1f3c5a6
Create Date: 2026-11-30 08:00:00

Indexes for the orders and filters of the long lists, each declared on its model too:
top-level comments newest first, an intake staff member's entries, an author's own
contributions (account page, screening), and the audit trail by person and by record.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5c3f2a4d6b7'
down_revision = 'd4b2e1f3c5a6'
branch_labels = None
depends_on = None

INDEXES = {
    'contributions': [
        ('ix_contributions_comments', ['consultation_id', 'kind', 'idea_id', 'depth', 'id']),
        ('ix_contributions_recorded', ['recorded_by_id', 'created_at', 'id']),
        ('ix_contributions_author_recent', ['author_id', 'created_at', 'id']),
    ],
    'audit_events': [
        ('ix_audit_events_actor', ['actor_id', 'id']),
        ('ix_audit_events_target', ['target_type', 'target_id']),
    ],
}


def upgrade():
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, columns in indexes:
                batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _columns in reversed(indexes):
                batch_op.drop_index(name)
