"""counts: figures the scheduler builds once per data change, shared by every web worker

Revision ID: b41d7e2c9a58
Revises: 7c2e5a9d4b10
Create Date: 2026-11-26 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b41d7e2c9a58'
down_revision = '7c2e5a9d4b10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_count_figures',
    sa.Column('generation', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('generation', 'day', name=op.f('pk_stored_count_figures'))
    )


def downgrade():
    op.drop_table('stored_count_figures')
