import sys

from digits.command_line.main import run

sys.exit(run())
