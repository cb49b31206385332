import sys

from digits.run.cli import run

sys.exit(run())
