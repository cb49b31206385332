"""How long `make run` has left, added to each epoch's progress line while the run trains.

`make run` saves its estimate (digits.command_line.plan), then starts every notebook's kernel with an IPython
start-up file that calls `report_run_progress()`: training itself knows nothing of the run, it only
prints the notes it is handed (digits.modeling.training.EPOCH_NOTES).
"""

import os
from pathlib import Path

from digits.modeling.training import EPOCH_NOTES
from digits.command_line.plan import load_estimate

# Set by `make run` for its notebooks: where the run's estimate lies.
ESTIMATE_ENVIRONMENT_VARIABLE = "DIGITS_RUN_ESTIMATE"


def run_time_note(estimate):
    """A progress note: the minutes `make run` has left when a network of `estimate` is training,
    its later networks scaled by how this one's epochs compare with their estimate."""
    planned = {network.name: network for network in estimate.networks}

    def note(name, seconds_per_epoch, seconds_left):
        if name not in planned or planned[name].seconds_per_epoch <= 0:
            return None
        ratio = seconds_per_epoch / planned[name].seconds_per_epoch
        return f"{(seconds_left + estimate.seconds_after(name, ratio)) / 60:.0f} min for make run"

    return note


def report_run_progress(environ=os.environ, notes=EPOCH_NOTES):
    """Add the run-time note to every progress line, if `make run` saved an estimate for this run."""
    path = environ.get(ESTIMATE_ENVIRONMENT_VARIABLE)
    if path and Path(path).is_file():
        notes.append(run_time_note(load_estimate(path)))
