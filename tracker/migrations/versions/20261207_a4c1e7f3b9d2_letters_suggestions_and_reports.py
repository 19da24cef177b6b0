"""letters: how often each person was suggested, and the letters writers reported

Revision ID: a4c1e7f3b9d2
Revises: c4a1d9e7f2b3
Create Date: 2026-12-07 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c1e7f3b9d2'
down_revision = 'c4a1d9e7f2b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_suggestions',
    sa.Column('prisoner_id', sa.Integer(), nullable=False),
    sa.Column('suggested', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_suggested_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['prisoner_id'], ['prisoners.id'], name=op.f('fk_letter_suggestions_prisoner_id_prisoners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('prisoner_id', name=op.f('pk_letter_suggestions'))
    )
    op.create_table('letter_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suggestion_key', sa.String(length=32), nullable=False),
    sa.Column('prisoner_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['prisoner_id'], ['prisoners.id'], name=op.f('fk_letter_reports_prisoner_id_prisoners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_reports')),
    sa.UniqueConstraint('suggestion_key', name=op.f('uq_letter_reports_suggestion_key'))
    )
    op.create_index(op.f('ix_letter_reports_prisoner_id'), 'letter_reports', ['prisoner_id'], unique=False)
    op.create_index(op.f('ix_letter_reports_reported_on'), 'letter_reports', ['reported_on'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_letter_reports_reported_on'), table_name='letter_reports')
    op.drop_index(op.f('ix_letter_reports_prisoner_id'), table_name='letter_reports')
    op.drop_table('letter_reports')
    op.drop_table('letter_suggestions')
