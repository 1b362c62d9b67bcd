"""participants: who takes part, kept as it happens

Revision ID: f6d4a3b5c7e8
Revises: e5c3f2a4d6b7
Create Date: 2026-11-30 09:30:00

One row per person and consultation with how many reasons they have to count (published
contributions and votes), so that no list page counts distinct people over every vote.
Filled from the existing data.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6d4a3b5c7e8'
down_revision = 'e5c3f2a4d6b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'participations',
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('reasons', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'],
                                name=op.f('fk_participations_consultation_id_consultations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_participations_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('consultation_id', 'user_id', name=op.f('pk_participations')),
    )
    op.execute("""
        INSERT INTO participations (consultation_id, user_id, reasons)
        SELECT consultation_id, person, COUNT(*) FROM (
            SELECT consultation_id, author_id AS person FROM contributions
             WHERE status = 'published' AND deleted_at IS NULL AND author_id IS NOT NULL
            UNION ALL
            SELECT c.consultation_id, v.user_id FROM votes v JOIN contributions c ON c.id = v.idea_id
        ) AS reasons GROUP BY consultation_id, person
    """)


def downgrade():
    op.drop_table('participations')
