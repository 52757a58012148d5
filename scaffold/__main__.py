"""``python -m scaffold`` runs the CLI."""

from scaffold.cli.main import main

raise SystemExit(main())
