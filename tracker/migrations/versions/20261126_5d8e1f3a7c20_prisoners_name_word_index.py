"""prisoners: a name-word index for search, in place of the trigram indexes

A public search by name is found, counted and put in list order from one narrow index of
(word, listed, sort name, id), kept by triggers on both engines, instead of a trigram index
(pg_trgm, FTS5) followed by a read of every matching record. The trigram indexes go.

Revision ID: 5d8e1f3a7c20
Revises: b41d7e2c9a58
Create Date: 2026-11-26 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d8e1f3a7c20'
down_revision = 'b41d7e2c9a58'
branch_labels = None
depends_on = None

# Frozen copies of what the models say at this revision (migrations never import app code).
SQLITE_WORDS = "json_each('[' || replace(json_quote(replace(new.search_text, '|', ' ')), ' ', '\",\"') || ']')"
SQLITE_FILL = (
    f"INSERT OR IGNORE INTO name_words (word) SELECT value FROM {SQLITE_WORDS} WHERE value <> ''; "
    "INSERT OR IGNORE INTO prisoner_name_words (word, listed, sort_name, prisoner_id) "
    "SELECT value, NOT new.name_withheld AND new.deleted_at IS NULL, new.sort_name, new.id "
    f"FROM {SQLITE_WORDS} WHERE value <> ''; "
)
NAME_WORDS_DDL = {
    'sqlite': (
        f"CREATE TRIGGER prisoner_name_words_insert AFTER INSERT ON prisoners BEGIN {SQLITE_FILL}END",
        "CREATE TRIGGER prisoner_name_words_update "
        "AFTER UPDATE OF search_text, sort_name, name_withheld, deleted_at ON prisoners BEGIN "
        f"DELETE FROM prisoner_name_words WHERE prisoner_id = old.id; {SQLITE_FILL}END",
        "CREATE TRIGGER prisoner_name_words_delete AFTER DELETE ON prisoners BEGIN "
        "DELETE FROM prisoner_name_words WHERE prisoner_id = old.id; END",
    ),
    'postgresql': (
        """CREATE OR REPLACE FUNCTION prisoner_name_words_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM prisoner_name_words WHERE prisoner_id = OLD.id;
    END IF;
    INSERT INTO name_words (word)
        SELECT DISTINCT word FROM regexp_split_to_table(NEW.search_text, '[ |]+') AS word WHERE word <> ''
        ON CONFLICT DO NOTHING;
    INSERT INTO prisoner_name_words (word, listed, sort_name, prisoner_id)
        SELECT DISTINCT word, NOT NEW.name_withheld AND NEW.deleted_at IS NULL, NEW.sort_name, NEW.id
        FROM regexp_split_to_table(NEW.search_text, '[ |]+') AS word WHERE word <> '';
    RETURN NULL;
END
$$""",
        "CREATE TRIGGER prisoner_name_words_refresh "
        "AFTER INSERT OR UPDATE OF search_text, sort_name, name_withheld, deleted_at ON prisoners "
        "FOR EACH ROW EXECUTE FUNCTION prisoner_name_words_refresh()",
    ),
}
# The existing records' words, as the triggers would have written them.
BACKFILL = {
    'sqlite': (
        "INSERT OR IGNORE INTO prisoner_name_words (word, listed, sort_name, prisoner_id) "
        "SELECT words.value, NOT p.name_withheld AND p.deleted_at IS NULL, p.sort_name, p.id FROM prisoners AS p, "
        "json_each('[' || replace(json_quote(replace(p.search_text, '|', ' ')), ' ', '\",\"') || ']') AS words "
        "WHERE words.value <> ''"
    ),
    'postgresql': (
        "INSERT INTO prisoner_name_words (word, listed, sort_name, prisoner_id) "
        "SELECT DISTINCT word, NOT p.name_withheld AND p.deleted_at IS NULL, p.sort_name, p.id FROM prisoners AS p, "
        "regexp_split_to_table(p.search_text, '[ |]+') AS word WHERE word <> ''"
    ),
}
# What 30c8d0e3f175 built, for the way back.
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS prisoner_search USING fts5(search_text, tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_insert AFTER INSERT ON prisoners BEGIN "
    "INSERT INTO prisoner_search (rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_update AFTER UPDATE OF search_text ON prisoners BEGIN "
    "UPDATE prisoner_search SET search_text = new.search_text WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS prisoner_search_delete AFTER DELETE ON prisoners BEGIN "
    "DELETE FROM prisoner_search WHERE rowid = old.id; END",
)


def upgrade():
    dialect = op.get_bind().dialect.name
    sort_type = sa.Text().with_variant(sa.Text(collation='C'), 'postgresql')
    op.create_table('name_words',
    sa.Column('word', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_name_words')),
    sqlite_with_rowid=False,
    )
    op.create_table('prisoner_name_words',
    sa.Column('word', sa.Text(), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('sort_name', sort_type, nullable=False),
    sa.Column('prisoner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['prisoner_id'], ['prisoners.id'], name=op.f('fk_prisoner_name_words_prisoner_id_prisoners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('word', 'listed', 'sort_name', 'prisoner_id', name=op.f('pk_prisoner_name_words')),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_prisoner_name_words_prisoner_id', 'prisoner_name_words', ['prisoner_id'], unique=False)
    op.execute(BACKFILL[dialect])
    op.execute('INSERT INTO name_words (word) SELECT DISTINCT word FROM prisoner_name_words')
    for statement in NAME_WORDS_DDL[dialect]:
        op.execute(statement)

    if dialect == 'postgresql':
        op.drop_index('ix_prisoners_search_text_trgm', table_name='prisoners')
    elif dialect == 'sqlite':
        for trigger in ('prisoner_search_insert', 'prisoner_search_update', 'prisoner_search_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS prisoner_search')


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.create_index(
            'ix_prisoners_search_text_trgm', 'prisoners', ['search_text'],
            postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'},
        )
        op.execute('DROP TRIGGER IF EXISTS prisoner_name_words_refresh ON prisoners')
        op.execute('DROP FUNCTION IF EXISTS prisoner_name_words_refresh()')
    elif dialect == 'sqlite':
        for statement in SQLITE_SEARCH_DDL:
            op.execute(statement)
        op.execute('INSERT INTO prisoner_search (rowid, search_text) SELECT id, search_text FROM prisoners')
        for trigger in ('prisoner_name_words_insert', 'prisoner_name_words_update', 'prisoner_name_words_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
    op.drop_index('ix_prisoner_name_words_prisoner_id', table_name='prisoner_name_words')
    op.drop_table('prisoner_name_words')
    op.drop_table('name_words')
