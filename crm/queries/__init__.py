"""Read side: SQL-first selects for lists, search and dashboards, always within the actor's scope."""
