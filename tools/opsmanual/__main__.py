from __future__ import annotations

import sys

from opsmanual.cli import main

sys.exit(main())
