"""``python -m gametheory`` runs the command line."""

from gametheory.cli import main

raise SystemExit(main())
