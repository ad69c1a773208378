"""Use cases: each takes a unit of work and the acting user, enforces scope, audits, returns records."""
