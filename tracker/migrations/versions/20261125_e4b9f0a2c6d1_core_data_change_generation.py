"""core: a generation number on the data change marker

Revision ID: e4b9f0a2c6d1
Revises: d1a7c3e9b2f4
Create Date: 2026-11-25 16:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b9f0a2c6d1'
down_revision = 'd1a7c3e9b2f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('data_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('generation', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('data_changes', schema=None) as batch_op:
        batch_op.drop_column('generation')
