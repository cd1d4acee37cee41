"""``python -m search ...`` is the same as the ``bantin`` console script."""

import sys

from .cli import main

sys.exit(main())
