from pathlib import Path

body = "{title: T, purpose: P, steps: [{do: D}], " + ", ".join(f"k{i}: {i}" for i in range(60000)) + "}\n"
Path("sops/front-of-house/answer-the-phone.yaml").write_text(
    body[:1_040_000].rsplit(",", 1)[0] + "}\n", encoding="utf-8"
)
