"""``python -m cli ...`` is the same as the ``bantin`` console script."""

import sys

from . import main

sys.exit(main())
