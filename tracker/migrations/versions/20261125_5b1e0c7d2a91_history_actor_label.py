"""history: actor label for imported versions

Revision ID: 5b1e0c7d2a91
Revises: 92fb049ee6e9
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7d2a91'
down_revision = '92fb049ee6e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('record_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_label', sa.String(length=100), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('record_versions', schema=None) as batch_op:
        batch_op.drop_column('actor_label')
