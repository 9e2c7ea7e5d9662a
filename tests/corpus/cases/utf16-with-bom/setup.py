from pathlib import Path

p = Path("sops/kitchen/check-cooler.yaml")
p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))
