"""Pure domain rules and records: no SQLAlchemy, no Qt."""
