import os
import shutil
import tempfile

elsewhere = tempfile.mkdtemp()
shutil.move("sops/manual.yaml", elsewhere)
os.symlink(os.path.join(elsewhere, "manual.yaml"), "sops/manual.yaml")
