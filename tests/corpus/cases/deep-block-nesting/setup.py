from pathlib import Path

lines = ["title: Deep", "purpose: Deep.", "steps:"]
lines += [" " * (2 * i) + "- steps:" for i in range(1, 400)]
Path("sops/kitchen/check-cooler.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
