"""Entry point of the frozen app (PyInstaller bundle): the same ``main`` as the ``qkd-planner`` script."""

import multiprocessing
import sys

from planner.cli import main

if __name__ == "__main__":
    # A frozen executable re-launches itself for multiprocessing workers; this routes them.
    multiprocessing.freeze_support()
    sys.exit(main())
