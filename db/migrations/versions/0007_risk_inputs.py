"""Risk recompute: customers.risk_inputs, a digest of what the last recompute read for the
customer (its loans' and contacts' figures, complaints, survey scores, snapshots, visit
findings, and its stored result). A recompute that reads the same skips the rules for that
customer: a second run on a day, or a daily run over customers whose data did not move.
A new nullable column: instant on SQLite and PostgreSQL; empty until the next recompute.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("risk_inputs", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("risk_inputs")
