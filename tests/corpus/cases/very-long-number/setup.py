from pathlib import Path

p = Path("sops/kitchen/check-cooler.yaml")
p.write_text(p.read_text(encoding="utf-8").replace("revision: 2", "revision: " + "9" * 6000), encoding="utf-8")
