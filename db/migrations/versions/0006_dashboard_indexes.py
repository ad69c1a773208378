"""报表 at a million customers: covering indexes for the dashboard's figures
(crm/queries/dashboard.py; bench/dashboard_1m.py).

- loans (overdue days, class override, five-tier class, status, balance, overdue amount):
  the portfolio's buckets and classes in one ordered walk of the index, no sort;
- loans (customer, status, …the same figures): one customer's loans from the index alone,
  when the filter holds only part of the customers;
- customers (branch, owner, overdue days, overdue amount): the per-manager book;
- customers (id, branch, owner): whether a row's customer is in the filter, without reading
  the wide customer row;
- customers (risk level, branch, owner): customers by risk level, in level order;
- contact_records (contacted at, customer, channel, outcome, promise status and amount): a
  period's contacts by channel, outcome and manager;
- contact_records (visit, promise status), for contacts made at visits only: the visit
  effects' promises.
On SQLite the planner statistics of customers are refreshed when the database has them (as
rebuild_search_index does after a bulk load), so the new customer indexes are costed right.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_FIGURES = ["overdue_days", "class_override", "five_tier"]
_MONEY = ["balance", "overdue_amount"]
INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_loans_bucket_figures", "loans", [*_FIGURES, "status", *_MONEY]),
    ("ix_loans_customer_figures", "loans", ["customer_id", "status", *_FIGURES, *_MONEY]),
    ("ix_customers_branch_owner", "customers",
     ["branch_id", "owner_id", "max_overdue_days", "overdue_amount"]),
    ("ix_customers_id_scope", "customers", ["id", "branch_id", "owner_id"]),
    ("ix_customers_level_scope", "customers", ["risk_level", "branch_id", "owner_id"]),
    ("ix_contact_records_at_figures", "contact_records",
     ["contacted_at", "customer_id", "channel", "outcome", "promise_status", "promise_amount"]),
)
_AT_VISIT = sa.text("visit_id IS NOT NULL")


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.create_index("ix_contact_records_visit", "contact_records", ["visit_id", "promise_status"],
                    sqlite_where=_AT_VISIT, postgresql_where=_AT_VISIT)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.execute(sa.text(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
        bind.execute(sa.text("ANALYZE customers"))


def downgrade() -> None:
    op.drop_index("ix_contact_records_visit", table_name="contact_records")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
