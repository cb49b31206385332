"""pytest configuration shared by the package tests and the nbval notebook tests."""


def pytest_collectstart(collector):
    # TensorFlow writes start-up notices to stderr with timestamps and process ids, which no
    # setting silences; nbval's documented way out is to leave stderr out of the comparison.
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
