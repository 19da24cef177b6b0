"""requests: corrections, withdrawals and consent changes asked for without an account

Never public data; handled requests are deleted after REQUEST_RETENTION_DAYS.

Revision ID: 8e5a8ef1b9cf
Revises: 5d8e1f3a7c20
Create Date: 2026-12-07 03:17:26.031117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e5a8ef1b9cf'
down_revision = '5d8e1f3a7c20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('record_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.Enum('correction', 'withdrawal', 'consent', name='requestkind', native_enum=False, length=20), nullable=False),
    sa.Column('requester', sa.Enum('person', 'family', 'lawyer', 'other', name='requester', native_enum=False, length=20), nullable=False),
    sa.Column('prisoner_id', sa.Integer(), nullable=True),
    sa.Column('record_name', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_record_requests_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['prisoner_id'], ['prisoners.id'], name=op.f('fk_record_requests_prisoner_id_prisoners'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_record_requests_reference'))
    )
    with op.batch_alter_table('record_requests', schema=None) as batch_op:
        batch_op.create_index('ix_record_requests_handled_created', ['handled_at', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('record_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_record_requests_handled_created')

    op.drop_table('record_requests')
