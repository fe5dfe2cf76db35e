"""``python -m dashboard <verb>``: see :mod:`dashboard.cli.main`."""

from dashboard.cli.main import main

raise SystemExit(main())
