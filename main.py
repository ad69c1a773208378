"""Launch the desktop app: python main.py [--db URL]."""
import sys

from crm.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
