"""prisoners: name search index and sort name

Search and the public list page in SQL instead of loading every match: a trigram index on
search_text (pg_trgm on PostgreSQL, an FTS5 trigram table kept by triggers on SQLite) and a
derived sort_name column, indexed, in the order the list has always used.

Revision ID: 30c8d0e3f175
Revises: e4b9f0a2c6d1
Create Date: 2026-11-25 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '30c8d0e3f175'
down_revision = 'e4b9f0a2c6d1'
branch_labels = None
depends_on = None

# Frozen copies of what the models say at this revision (migrations never import app code).
NAME_ORDER_EN = ('name_en', 'name_be_latn', 'name_be', 'name_ru')
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS prisoner_search USING fts5(search_text, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_insert AFTER INSERT ON prisoners BEGIN "
    "INSERT INTO prisoner_search (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_update AFTER UPDATE OF search_text ON prisoners BEGIN "
    "UPDATE prisoner_search SET search_text = new.search_text WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_delete AFTER DELETE ON prisoners BEGIN "
    "DELETE FROM prisoner_search WHERE rowid = old.id; END",
)


def _sort_name(row) -> str:
    for field in NAME_ORDER_EN:
        if value := getattr(row, field):
            return value.casefold()
    return ''


def upgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    sort_type = sa.Text().with_variant(sa.Text(collation='C'), 'postgresql')
    with op.batch_alter_table('prisoners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_name', sort_type, server_default='', nullable=False))

    prisoners = sa.table(
        'prisoners', sa.column('id', sa.Integer), sa.column('sort_name', sa.Text),
        *(sa.column(field, sa.String) for field in NAME_ORDER_EN),
    )
    rows = bind.execute(sa.select(prisoners.c.id, *(prisoners.c[field] for field in NAME_ORDER_EN))).all()
    updates = [{'row_id': row.id, 'value': _sort_name(row)} for row in rows]
    if updates:
        bind.execute(
            prisoners.update().where(prisoners.c.id == sa.bindparam('row_id')).values(sort_name=sa.bindparam('value')),
            updates,
        )

    with op.batch_alter_table('prisoners', schema=None) as batch_op:
        batch_op.create_index('ix_prisoners_sort_name', ['sort_name', 'id'], unique=False)

    if dialect == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index(
            'ix_prisoners_search_text_trgm', 'prisoners', ['search_text'],
            postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'},
        )
    elif dialect == 'sqlite':
        for statement in SQLITE_SEARCH_DDL:
            op.execute(statement)
        op.execute('INSERT INTO prisoner_search (rowid, search_text) SELECT id, search_text FROM prisoners')


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.drop_index('ix_prisoners_search_text_trgm', table_name='prisoners')
    elif bind.dialect.name == 'sqlite':
        for trigger in ('prisoner_search_insert', 'prisoner_search_update', 'prisoner_search_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS prisoner_search')
    with op.batch_alter_table('prisoners', schema=None) as batch_op:
        batch_op.drop_index('ix_prisoners_sort_name')
        batch_op.drop_column('sort_name')
