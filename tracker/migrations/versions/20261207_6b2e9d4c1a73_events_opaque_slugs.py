"""events: an opaque public slug for every event, in place of the sequential id in public URLs

Revision ID: 6b2e9d4c1a73
Revises: d75c90dce291
Create Date: 2026-12-07 04:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '6b2e9d4c1a73'
down_revision = 'd75c90dce291'
branch_labels = None
depends_on = None

# As tracker/core/slugs.py, frozen here: a letter and a digit in every slug, no look-alike characters.
ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def _slug() -> str:
    while True:
        slug = "".join(secrets.choice(ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in slug) and any(c.isalpha() for c in slug):
            return slug


def upgrade():
    # Plain ALTER TABLE and an index, never a batch copy: on SQLite a copied table loses its triggers.
    op.add_column('events', sa.Column('slug', sa.String(length=16), nullable=True))
    # Rows that exist now had public numbered addresses: only those move to their slug.
    op.add_column(
        'events', sa.Column('numbered_address', sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    connection = op.get_bind()
    events = sa.table(
        'events', sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('numbered_address', sa.Boolean)
    )
    ids = [row.id for row in connection.execute(sa.select(events.c.id))]
    for event_id in ids:
        connection.execute(events.update().where(events.c.id == event_id).values(slug=_slug(), numbered_address=True))
    op.create_index(op.f('ix_events_slug'), 'events', ['slug'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_events_slug'), table_name='events')
    op.drop_column('events', 'numbered_address')
    op.drop_column('events', 'slug')
