"""Command line: `python -m digits COMMAND` (data, submit, score, predict)."""

import argparse
import sys

from digits import config


def _data(arguments):
    from digits.build_data import build_data

    build_data(arguments.data_dir, progress=not arguments.quiet)
    return 0


def build_parser():
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m digits", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="build data/train.csv, test.csv and test_labels.csv from MNIST")
    data.add_argument("--data-dir", default=config.DATA_DIR, help="where to write the CSVs (default: data/)")
    data.add_argument("--quiet", action="store_true", help="no progress bar")
    data.set_defaults(handler=_data)
    return parser


def main(argv=None):
    """Run the command named in `argv` and return its exit code."""
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
