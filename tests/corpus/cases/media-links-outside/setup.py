import os
import tempfile
from pathlib import Path

elsewhere = Path(tempfile.mkdtemp())
(elsewhere / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
os.symlink(elsewhere, "sops/media")
cooler = Path("sops/kitchen/check-cooler.yaml")
cooler.write_text(
    cooler.read_text(encoding="utf-8").replace(
        "do: Read the thermometer on the middle shelf.",
        "do: Read the thermometer on the middle shelf.\n    image: {file: media/secret.png, caption: The shelf}",
    ),
    encoding="utf-8",
)
