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
    pass


def downgrade():
    pass
