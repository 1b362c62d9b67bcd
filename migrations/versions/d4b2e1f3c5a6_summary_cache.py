"""summary cache

Revision ID: d4b2e1f3c5a6
Revises: c3a1f0e2b4d5
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4b2e1f3c5a6'
down_revision = 'c3a1f0e2b4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summary_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('theme_members', sa.JSON(), nullable=False),
    sa.Column('refreshing_since', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_summary_cache_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_cache')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_summary_cache_consultation_id'))
    )


def downgrade():
    op.drop_table('summary_cache')
