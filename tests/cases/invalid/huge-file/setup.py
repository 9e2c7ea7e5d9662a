from pathlib import Path

Path("sops/front-of-house/answer-the-phone.yaml").write_text(
    "title: Huge\npurpose: Huge.\nsteps:\n"
    + "".join(f"  - do: Step {i} of a long procedure nobody reads.\n" for i in range(40000)),
    encoding="utf-8",
)
