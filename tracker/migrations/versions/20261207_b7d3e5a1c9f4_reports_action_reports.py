"""reports: organisers' reports after an event

Revision ID: b7d3e5a1c9f4
Revises: b7e3f1a9d2c4
Create Date: 2026-12-07 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e5a1c9f4'
down_revision = 'b7e3f1a9d2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('letters', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('photo_filename', sa.String(length=100), nullable=True),
    sa.Column('photo_checked', sa.String(length=100), nullable=True),
    sa.Column('status', sa.Enum('pending', 'approved', 'hidden', name='reportstatus', native_enum=False, length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_action_reports_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_reports')),
    sa.UniqueConstraint('event_id', name=op.f('uq_action_reports_event_id'))
    )
    op.create_index(op.f('ix_action_reports_status'), 'action_reports', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_action_reports_status'), table_name='action_reports')
    op.drop_table('action_reports')
