import os
import shutil
import tempfile

elsewhere = tempfile.mkdtemp()
shutil.move("sops/kitchen/check-cooler.yaml", elsewhere)
os.rmdir("sops/kitchen")
os.symlink(elsewhere, "sops/kitchen")
