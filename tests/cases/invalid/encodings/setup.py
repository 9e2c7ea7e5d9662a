from pathlib import Path

text = "title: Revisar la cámara\npurpose: Frío seguro.\nsteps:\n  - do: Leer el termómetro.\n"
Path("sops/front-of-house/answer-the-phone.yaml").write_bytes(text.encode("latin-1"))
Path("sops/kitchen/check-cooler.yaml").write_bytes(text.encode("utf-16"))
Path("checklists/closing.yaml").write_bytes(b"title: Closing\x01\nsections: []\n")
