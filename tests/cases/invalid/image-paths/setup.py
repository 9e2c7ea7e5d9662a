import os

os.symlink("/etc/hostname", "sops/media/outside.png")
