"""responses: the explanation in English and in French

Revision ID: 510c465a1687
Revises: 63edae6d2c23
Create Date: 2026-12-03 18:00:00

A response to an idea had one text, in whatever language its designer wrote. Each existing
text moves into the language it was most likely written in: French when the designer who
wrote it reads the site in French, English otherwise. The other language stays empty: the
public page shows such a response marked as being in one language only, and it cannot be
changed again until it is written in both.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '510c465a1687'
down_revision = '63edae6d2c23'
branch_labels = None
depends_on = None

responses = sa.table('responses', sa.column('text', sa.Text), sa.column('text_en', sa.Text),
                     sa.column('text_fr', sa.Text), sa.column('responded_by_id', sa.Integer))
users = sa.table('users', sa.column('id', sa.Integer), sa.column('locale', sa.String))


def upgrade():
    with op.batch_alter_table('responses') as batch:
        batch.add_column(sa.Column('text_en', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('text_fr', sa.Text(), nullable=False, server_default=''))
    french_writers = sa.select(users.c.id).where(users.c.locale.like('fr%'))
    op.execute(responses.update().where(responses.c.responded_by_id.in_(french_writers))
               .values(text_fr=responses.c.text))
    op.execute(responses.update().where(responses.c.text_fr == '').values(text_en=responses.c.text))
    with op.batch_alter_table('responses') as batch:
        batch.drop_column('text')
        batch.alter_column('text_en', server_default=None)
        batch.alter_column('text_fr', server_default=None)


def downgrade():
    with op.batch_alter_table('responses') as batch:
        batch.add_column(sa.Column('text', sa.Text(), nullable=False, server_default=''))
    op.execute(responses.update().values(text=sa.case((responses.c.text_en != '', responses.c.text_en),
                                                      else_=responses.c.text_fr)))
    with op.batch_alter_table('responses') as batch:
        batch.drop_column('text_fr')
        batch.drop_column('text_en')
