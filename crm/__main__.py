"""`python -m crm`: the command line."""
from crm.cli import main

raise SystemExit(main())
