import os

os.mkfifo("sops/kitchen/pipe.yaml")
