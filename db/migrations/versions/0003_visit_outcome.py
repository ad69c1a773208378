"""Visit outcome and repayment plans: next steps, the overdue figures visits and plans start from.

- next_steps (JSON): what the visit agreed (promise, repayment plan, next visit, follow-up
  call) and the ids of the contact record and tasks it wrote, so a report returned for
  supplement is edited from its own inputs and never writes the same task twice.
- overdue_at_visit / overdue_days_at_visit: the customer's overdue amount and days as they
  stood when the outcome was recorded; effect evaluation compares later figures with them
  (older visits fall back to the financial snapshots).
- ix_contact_records_broken: a partial index of broken promises by customer, so screening
  counts them without reading every contact record.
- repayment_plans.overdue_at_start: the plan's loans' overdue amount when it took effect;
  adherence counts a fall below it as paid towards the plan.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visit_plans", sa.Column("next_steps", sa.JSON(), nullable=True))
    money = sa.Numeric(precision=18, scale=2)
    op.add_column("visit_plans", sa.Column("overdue_at_visit", money, nullable=True))
    op.add_column("visit_plans", sa.Column("overdue_days_at_visit", sa.Integer(), nullable=True))
    op.add_column("repayment_plans", sa.Column("overdue_at_start", money, nullable=True))
    broken = sa.text("promise_status = 'broken'")
    op.create_index("ix_contact_records_broken", "contact_records", ["customer_id"],
                    sqlite_where=broken, postgresql_where=broken)


def downgrade() -> None:
    op.drop_index("ix_contact_records_broken", table_name="contact_records")
    with op.batch_alter_table("repayment_plans") as batch:
        batch.drop_column("overdue_at_start")
    with op.batch_alter_table("visit_plans") as batch:
        batch.drop_column("overdue_days_at_visit")
        batch.drop_column("overdue_at_visit")
        batch.drop_column("next_steps")
