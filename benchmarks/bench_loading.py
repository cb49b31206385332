"""Loading train.csv: digits.data (cold parse and warm cache) against plain pandas.read_csv, one run."""

import platform
import time

import pandas as pd

from digits import config
from digits.data.kaggle_csv import load_train_csv


def best_of(function, repeats=3):
    """The fastest of `repeats` timed calls, in seconds (the least disturbed by other work)."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    path = config.TRAIN_CSV
    load_train_csv(path)  # make sure the cache exists for the warm figure
    pandas_seconds = best_of(lambda: pd.read_csv(path))
    cold_seconds = best_of(lambda: load_train_csv(path, use_cache=False))
    warm_seconds = best_of(lambda: load_train_csv(path))
    print(f"machine: {platform.machine()}, {platform.processor() or 'unknown CPU'}, Python {platform.python_version()}")
    print("train.csv, 42,000 rows (best of 3):")
    print(f"  pandas.read_csv (no validation)      {pandas_seconds:7.3f} s   1.00x")
    print(f"  load_train_csv, parse + validate     {cold_seconds:7.3f} s   {pandas_seconds / cold_seconds:5.2f}x")
    print(f"  load_train_csv, warm (cached array)  {warm_seconds:7.3f} s   {pandas_seconds / warm_seconds:5.1f}x")


if __name__ == "__main__":
    main()
