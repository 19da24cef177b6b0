"""mail: the claim order index ends with id

Revision ID: 7c2e5a9d4b10
Revises: 30c8d0e3f175
Create Date: 2026-11-25 20:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7c2e5a9d4b10'
down_revision = '30c8d0e3f175'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_status_next')
        batch_op.create_index('ix_outbox_messages_status_next', ['status', 'next_attempt_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_status_next')
        batch_op.create_index('ix_outbox_messages_status_next', ['status', 'next_attempt_at'], unique=False)
