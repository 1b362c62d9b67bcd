"""users.confirmed_at: an account counts once its address is confirmed

Revision ID: a7b8c9d0e1f2
Revises: f6d4a3b5c7e8
Create Date: 2026-11-30 11:20:00

Registration answers the same whether or not an address has an account, so a new account waits
for its owner to follow the link mailed to it. Accounts that exist already are confirmed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7b8c9d0e1f2'
down_revision = 'f6d4a3b5c7e8'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('confirmed_at')
