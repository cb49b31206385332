"""Stage 6, the run: `python -m digits` (the command line), `make run`'s plan and its time estimate,
and the progress the run reports while it trains."""
