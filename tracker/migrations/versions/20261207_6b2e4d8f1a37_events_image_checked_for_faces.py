"""events: the image a moderator checked for identifiable faces; others stay off public pages

Revision ID: 6b2e4d8f1a37
Revises: 14329b3b5ba9
Create Date: 2026-12-07 04:05:00

Images published before this check existed are not marked checked: they stay off public pages
until a moderator looks at them.
"""
import sqlalchemy as sa
from alembic import op

revision = '6b2e4d8f1a37'
down_revision = '14329b3b5ba9'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('events', sa.Column('image_checked', sa.String(length=100), nullable=True))


def downgrade():
    op.drop_column('events', 'image_checked')
