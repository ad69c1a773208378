"""Customer search and list: name search index, keyset (column, id) indexes, prefix indexes.

- Every column the customer list sorts on gets a (column, id) index in place of its
  one-column index, so a keyset page `WHERE (col, id) > (:v, :id)` is one index seek on both
  backends (SQLite only seeks on the first column of a row value unless id is spelled out).
- The manager's and the branch's default list (by overdue amount) get id appended likewise,
  and carry the columns its filters and searches test (max_overdue_days, last_contact_at,
  the pinyin keys, name, district, segment): the work queue (my customers, M2, not called
  for 30 days, by overdue amount) and a search matching many ("zh", "王") are then tested
  on the index entries, and only the rows shown are read from the table.
- The pinyin and initials indexes get id too (PostgreSQL answers a prefix search from the
  index alone) and, on PostgreSQL, text_pattern_ops, so `LIKE 'zhangs%'` uses them in any
  collation (SQLite uses its ordinary index through a >= / < range).
- The name search index itself (FTS5 on SQLite; GIN on PostgreSQL) is built by
  crm.persistence.search_index, which also owns its maintenance for bulk loads.
"""
from __future__ import annotations

from alembic import op

from crm.persistence import search_index

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# (old one-column index, column) -> the (column, id) index that replaces it
KEYSET = [
    ("ix_customers_name", "name"),
    ("ix_customers_district", "district"),
    ("ix_customers_segment", "segment"),
    ("ix_customers_risk_level", "risk_level"),
    ("ix_customers_worst_class", "worst_class"),
    ("ix_customers_total_balance", "total_balance"),
    ("ix_customers_overdue_amount", "overdue_amount"),
    ("ix_customers_max_overdue_days", "max_overdue_days"),
    ("ix_customers_last_contact_at", "last_contact_at"),
    ("ix_customers_next_follow_up", "next_follow_up"),
    ("ix_customers_owner_id", "owner_id"),
]
SCOPED = [("ix_customers_owner_overdue", "owner_id"), ("ix_customers_branch_overdue", "branch_id")]
SCOPED_TAIL = ["overdue_amount", "id", "max_overdue_days", "last_contact_at", "name_initials",
               "name_pinyin", "name", "district", "segment"]
PATTERN = [("ix_customers_name_pinyin", "name_pinyin"),
           ("ix_customers_name_initials", "name_initials")]


def upgrade() -> None:
    for old, col in KEYSET:
        op.drop_index(old, table_name="customers")
        op.create_index(f"ix_customers_{col}_id", "customers", [col, "id"])
    for name, col in SCOPED:
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", [col, *SCOPED_TAIL])
    for name, col in PATTERN:
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", [col, "id"], postgresql_ops={col: "text_pattern_ops"})
    search_index.install(op.get_bind())


def downgrade() -> None:
    search_index.uninstall(op.get_bind())
    for name, col in PATTERN:
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", [col])
    for name, col in SCOPED:
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", [col, "overdue_amount"])
    for old, col in KEYSET:
        op.drop_index(f"ix_customers_{col}_id", table_name="customers")
        op.create_index(old, "customers", [col])
