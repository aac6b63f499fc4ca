"""``python -m bluetape_mock``: runs the installed binary with these arguments."""

import os
import sys

from bluetape_mock import find_binary

if __name__ == "__main__":
    binary = find_binary()
    if os.name == "posix":
        os.execv(binary, [binary, *sys.argv[1:]])
    else:
        import subprocess

        sys.exit(subprocess.call([binary, *sys.argv[1:]]))
