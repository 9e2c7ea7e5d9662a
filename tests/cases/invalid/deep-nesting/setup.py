from pathlib import Path

Path("sops/front-of-house/answer-the-phone.yaml").write_text(
    "title: Deep\npurpose: Deep.\nsteps: " + "[" * 100000 + "]" * 100000 + "\n", encoding="utf-8"
)
