from hearingpress.cli import main

raise SystemExit(main())
