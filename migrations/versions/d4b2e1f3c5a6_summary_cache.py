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
    pass


def downgrade():
    pass
