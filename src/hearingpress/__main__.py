"""`python -m hearingpress`: the command line (cli.main)."""

from hearingpress.cli import main

raise SystemExit(main())
