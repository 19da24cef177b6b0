"""translations: places of detention and criminal-code articles as tables; prisoner text in every language

Revision ID: b7e3f1a9d2c4
Revises: a1d4e7b2c9f0
Create Date: 2026-12-07 06:00:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = 'b7e3f1a9d2c4'
down_revision = 'a1d4e7b2c9f0'
branch_labels = None
depends_on = None

prisoners = sa.table(
    'prisoners', sa.column('id', sa.Integer), sa.column('detention_place', sa.String), sa.column('place_id', sa.Integer)
)
places = sa.table(
    'places',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('created_at', sa.DateTime(timezone=True)),
    sa.column('translations', sa.JSON),
)


def upgrade():
    op.create_table(
        'places',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('translations', sa.JSON(), server_default='{}', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
        sa.UniqueConstraint('name', name=op.f('uq_places_name')),
    )
    op.create_table(
        'articles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('source_title', sa.String(length=300), nullable=False),
        sa.Column('source_url', sa.String(length=1000), nullable=False),
        sa.Column('reviewed_on', sa.Date(), nullable=True),
        sa.Column('is_sample', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('translations', sa.JSON(), server_default='{}', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
        sa.UniqueConstraint('code', name=op.f('uq_articles_code')),
    )
    # Plain ALTER TABLE, never a batch copy: on SQLite a copied prisoners table loses its triggers.
    # No foreign-key constraint: SQLite cannot add one to an existing table without a copy, and a
    # copy of prisoners loses its triggers. Places are never deleted, so the key cannot dangle.
    op.add_column('prisoners', sa.Column('place_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_prisoners_place_id'), 'prisoners', ['place_id'])
    for table in ('prisoners', 'timeline_entries'):
        op.add_column(table, sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))
    _move_free_text_into_places()
    op.drop_column('prisoners', 'detention_place')


def _move_free_text_into_places():
    """Each distinct place text becomes one place (its English name); records point at it."""
    connection = op.get_bind()
    names = connection.execute(sa.select(prisoners.c.detention_place).distinct()).scalars()
    now = datetime.now(UTC)
    for name in sorted({name.strip() for name in names if name and name.strip()}):
        connection.execute(places.insert().values(name=name, created_at=now, translations={}))
    connection.execute(
        prisoners.update().values(
            place_id=sa.select(places.c.id)
            .where(places.c.name == sa.func.trim(prisoners.c.detention_place))
            .scalar_subquery()
        )
    )


def downgrade():
    op.add_column('prisoners', sa.Column('detention_place', sa.String(length=200), server_default='', nullable=False))
    connection = op.get_bind()
    connection.execute(
        prisoners.update().values(
            detention_place=sa.func.coalesce(
                sa.select(places.c.name).where(places.c.id == prisoners.c.place_id).scalar_subquery(), ''
            )
        )
    )
    for table in ('timeline_entries', 'prisoners'):
        op.drop_column(table, 'translations')
    op.drop_index(op.f('ix_prisoners_place_id'), table_name='prisoners')
    op.drop_column('prisoners', 'place_id')
    op.drop_table('articles')
    op.drop_table('places')
