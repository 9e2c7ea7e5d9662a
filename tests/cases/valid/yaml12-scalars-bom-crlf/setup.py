from pathlib import Path

text = (
    "title: Answer the phone\r\n"
    "purpose: A caller judges us in the first ten seconds.\r\n"
    "roles: [server]\r\nowner: shift-lead\r\nstandard: [Three rings]\r\n"
    "tags: [no, yes, on, off, \"1.10\", 0x1F-ish, '12']\r\n"
    "when: 12:30\r\n"
    "effective: 2026-09-01\r\n"
    "summary: >\r\n  Folded into\r\n  one line\r\n"
    "steps:\r\n  - do: Pick up within three rings.\r\n"
)
Path("sops/front-of-house/answer-the-phone.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
