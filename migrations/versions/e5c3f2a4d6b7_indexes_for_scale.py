"""indexes for scale

Revision ID: e5c3f2a4d6b7
Revises: d4b2e1f3c5a6
Create Date: 2026-11-30 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5c3f2a4d6b7'
down_revision = 'd4b2e1f3c5a6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
