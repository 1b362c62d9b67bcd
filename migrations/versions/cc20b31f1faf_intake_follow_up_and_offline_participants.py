"""intake: a workshop's attendance, and telling people who left their contact details of the outcome

Revision ID: cc20b31f1faf
Revises: 510c465a1687
Create Date: 2026-12-03 18:10:00

contributions.people_count: how many people an off-line entry speaks for (a workshop's
attendance; none is one person), with a partial index over off-line input so the participant
figures count it without reading the web's rows. intake_contacts.told_at, told_how, told_by_id:
when and how the person was told of the outcome (by the outcome email, or by a staff member).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cc20b31f1faf'
down_revision = '510c465a1687'
branch_labels = None
depends_on = None

OFFLINE = "channel <> 'web'"


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('people_count', sa.Integer(), nullable=True))
    op.create_index('ix_contributions_offline', 'contributions', ['consultation_id', 'status'],
                    postgresql_where=sa.text(OFFLINE), sqlite_where=sa.text(OFFLINE))
    with op.batch_alter_table('intake_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('told_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('told_how', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('told_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_intake_contacts_told_by_id_users'), 'users',
                                    ['told_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_intake_contacts_told_how'),
                                         "told_how IN ('email', 'staff')")


def downgrade():
    with op.batch_alter_table('intake_contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_intake_contacts_told_how'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_intake_contacts_told_by_id_users'), type_='foreignkey')
        batch_op.drop_column('told_by_id')
        batch_op.drop_column('told_how')
        batch_op.drop_column('told_at')
    op.drop_index('ix_contributions_offline', table_name='contributions')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_column('people_count')
