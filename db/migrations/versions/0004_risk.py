"""Risk: the reasons of each customer's current score, and the suggested five-tier per loan.

- customers.risk_reasons (JSON): the rules that fired at the last recompute, with their
  points and Chinese reason texts; the 360 page shows them, and the next recompute compares
  with them to raise alerts only for newly firing rules.
- loans.suggested_class: the five-tier class the overdue days suggest (kept apart from the
  bank's own five_tier and from a manager's override).
- an index on risk_alerts (customer, rule, status): "no duplicate while one is open".
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("risk_reasons", sa.JSON(), nullable=True))
    op.add_column("loans", sa.Column("suggested_class", sa.String(length=24), nullable=True))
    op.create_index("ix_risk_alerts_customer_rule", "risk_alerts",
                    ["customer_id", "rule_code", "status"])


def downgrade() -> None:
    op.drop_index("ix_risk_alerts_customer_rule", table_name="risk_alerts")
    with op.batch_alter_table("loans") as batch:
        batch.drop_column("suggested_class")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("risk_reasons")
