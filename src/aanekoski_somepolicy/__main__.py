"""``python -m aanekoski_somepolicy`` runs the ``somepolicy`` command."""

import sys

from ._cli.main import main

sys.exit(main())
