"""core: strip control characters from the text already stored

Revision ID: c4a1d9e7f2b3
Revises: 6b2e9d4c1a73
Create Date: 2026-12-07 06:00:00

Every input strips them now (tracker.core.forms, tracker.core.text); rows typed or imported
before still hold them. Only characters no field accepts are removed: C0 controls but tab, line
feed and carriage return, DEL and the C1 controls. Nothing to restore on the way down.
"""
import re

import sqlalchemy as sa
from alembic import op

revision = 'c4a1d9e7f2b3'
down_revision = '6b2e9d4c1a73'
branch_labels = None
depends_on = None

# As tracker/core/text.py, frozen here.
NEVER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BATCH = 1000

# The text people typed or imported, table by table; derived and secret columns are left alone.
TEXT_COLUMNS = {
    'prisoners': (
        'name_be', 'name_ru', 'name_be_latn', 'name_en', 'aliases', 'search_text', 'sort_name', 'sentence',
        'detention_place', 'postal_address', 'biography', 'private_notes', 'deleted_reason',
    ),
    'timeline_entries': ('note',),
    'sources': ('url', 'title'),
    'prisoner_articles': ('code',),
    'commemorative_dates': ('name', 'description', 'deleted_reason'),
    'events': (
        'title', 'description', 'venue', 'address', 'city', 'online_url', 'organizer_name', 'public_contact',
        'private_contact', 'rejection_reason', 'deleted_reason',
    ),
    'event_tags': ('name',),
    'count_snapshots': ('source_name', 'source_url', 'note', 'deleted_reason'),
    'guidance_notes': ('body', 'source_title', 'source_url'),
    'record_requests': ('record_name', 'details', 'contact', 'handled_note'),
    'consent_decisions': ('note',),
}  # fmt: skip


def _clean_table(connection, name: str, columns: tuple[str, ...]) -> None:
    table = sa.table(name, sa.column('id', sa.Integer), *(sa.column(column, sa.Text) for column in columns))
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            changed = {
                column: NEVER.sub('', value)
                for column in columns
                if isinstance(value := getattr(row, column), str) and NEVER.search(value)
            }
            if changed:
                connection.execute(table.update().where(table.c.id == row.id).values(**changed))
        last_id = rows[-1].id


def upgrade():
    connection = op.get_bind()
    for name, columns in TEXT_COLUMNS.items():
        _clean_table(connection, name, columns)


def downgrade():
    pass
