from __future__ import annotations

import sys

from opsmanual.cli.main import main

sys.exit(main())
