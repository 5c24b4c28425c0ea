"""``python -m approval.cli``: the same as the ``approval`` command."""

import sys

from approval.cli import main

sys.exit(main())
