"""``python -m scaffold`` runs the CLI."""

from scaffold.cli import main

raise SystemExit(main())
