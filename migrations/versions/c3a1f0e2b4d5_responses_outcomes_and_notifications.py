"""responses, outcomes and notifications

Revision ID: c3a1f0e2b4d5
Revises: 9578a8b06341
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a1f0e2b4d5'
down_revision = '9578a8b06341'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('implemented', 'accepted', 'under_consideration', 'not_feasible')", name=op.f('ck_responses_status')),
    sa.ForeignKeyConstraint(['idea_id'], ['contributions.id'], name=op.f('fk_responses_idea_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responded_by_id'], ['users.id'], name=op.f('fk_responses_responded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('idea_id', name=op.f('uq_responses_idea_id'))
    )

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('heard_en', sa.Text(), nullable=False),
    sa.Column('heard_fr', sa.Text(), nullable=False),
    sa.Column('changes_en', sa.Text(), nullable=False),
    sa.Column('changes_fr', sa.Text(), nullable=False),
    sa.Column('not_changing_en', sa.Text(), nullable=False),
    sa.Column('not_changing_fr', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_outcomes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_outcomes_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_outcomes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_outcomes_consultation_id'))
    )

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('outcome_published', 'idea_response')", name=op.f('ck_notifications_kind')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_notifications_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['contributions.id'], name=op.f('fk_notifications_idea_id_contributions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index('ix_notifications_inbox', ['user_id', 'read_at', 'id'], unique=False)

    op.create_table('email_opt_outs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_email_opt_outs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_email_opt_outs'))
    )


def downgrade():
    op.drop_table('email_opt_outs')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_inbox')
        batch_op.drop_index(batch_op.f('ix_notifications_idea_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_consultation_id'))
    op.drop_table('notifications')
    op.drop_table('outcomes')
    op.drop_table('responses')
