"""`%%with_answer_key`: a notebook cell that runs only where the test set's answer key is present.

`make data` builds the project's own split of MNIST with its answer key (data/test_labels.csv), so the
notebooks score their networks on the 28,000 test images. Kaggle's test.csv comes without one: there
the cells that need the true labels say so and are skipped, and everything else runs as usual.
Load it in a notebook with `%load_ext digits.reports.answer_key_cells`.
"""

from digits import config


def with_answer_key(line, cell, shell, answer_key=None):
    """Run `cell` in the notebook's namespace if the answer key exists, else say why it is skipped."""
    answer_key = config.TEST_LABELS_CSV if answer_key is None else answer_key
    if not answer_key.is_file():
        print(f"Skipped: this needs the test set's answer key ({answer_key.name}), which Kaggle's test.csv lacks.")
        return None
    result = shell.run_cell(cell)
    result.raise_error()  # an error inside the cell fails the notebook as any other would
    return None


def load_ipython_extension(shell):
    """Register the cell magic (`%load_ext digits.reports.answer_key_cells`)."""
    shell.register_magic_function(lambda line, cell: with_answer_key(line, cell, shell), magic_kind="cell",
                                  magic_name="with_answer_key")
