import sys

from digits.cli import run

sys.exit(run())
