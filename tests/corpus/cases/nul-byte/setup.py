from pathlib import Path

Path("sops/front-of-house/answer-the-phone.yaml").write_bytes(
    b"title: Answer\npurpose: A\x00B\nsteps:\n  - do: Pick up.\n"
)
