"""prisoners: an opaque public slug for every record, in place of the sequential id in public URLs

Revision ID: 3c1f7a2d9e55
Revises: 9fe818e990ae
Create Date: 2026-12-07 03:50:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '3c1f7a2d9e55'
down_revision = '9fe818e990ae'
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
    op.add_column('prisoners', sa.Column('slug', sa.String(length=16), nullable=True))
    # Rows that exist now had public numbered addresses: only those move to their slug.
    op.add_column(
        'prisoners', sa.Column('numbered_address', sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    connection = op.get_bind()
    prisoners = sa.table(
        'prisoners', sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('numbered_address', sa.Boolean)
    )
    ids = [row.id for row in connection.execute(sa.select(prisoners.c.id))]
    for prisoner_id in ids:
        connection.execute(prisoners.update().where(prisoners.c.id == prisoner_id).values(slug=_slug(), numbered_address=True))
    op.create_index(op.f('ix_prisoners_slug'), 'prisoners', ['slug'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_prisoners_slug'), table_name='prisoners')
    op.drop_column('prisoners', 'numbered_address')
    op.drop_column('prisoners', 'slug')
