"""translations: commemorative dates and reported figures in every language; a date's own suggested actions

Revision ID: a1d4e7b2c9f0
Revises: a4c1e7f3b9d2
Create Date: 2026-12-07 05:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a1d4e7b2c9f0'
down_revision = 'a4c1e7f3b9d2'
branch_labels = None
depends_on = None


def upgrade():
    # The English text stays in its own column; other languages go to {field: {language: text}}.
    for table in ('commemorative_dates', 'count_snapshots'):
        op.add_column(table, sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))
    op.add_column('commemorative_dates', sa.Column('suggested_actions', sa.Text(), server_default='', nullable=False))


def downgrade():
    op.drop_column('commemorative_dates', 'suggested_actions')
    for table in ('count_snapshots', 'commemorative_dates'):
        op.drop_column(table, 'translations')
