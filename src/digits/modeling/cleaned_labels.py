"""best_cnn's plan trained once more, on train.csv without the labels the label audit flags: does
cleaning the training labels help?

The flagged rows are models/label_issues.csv (digits.evaluation.label_audit, from the cross-validation
networks' out-of-fold probabilities). The network starts from best_cnn's seed, so that the two runs
differ in the images left out (and what that does to the order of the batches), not in their seed.
"""

import numpy as np

from digits import config

CLEANED_NETWORK = "cleaned_cnn"


def flagged_train_rows(path=None):
    """The 0-based train.csv rows of the committed label audit, as an array."""
    import pandas as pd

    path = config.LABEL_ISSUES_CSV if path is None else path
    if not path.is_file():
        raise FileNotFoundError(f"{path.name} is missing: `make folds` writes it once the cross-validation "
                                "networks are trained")
    return pd.read_csv(path)["train_row"].to_numpy(dtype=np.int64)


def without_rows(images, labels, rows):
    """A Split that learns from every labelled image but `rows` and holds none out."""
    from digits.data.network_input import Split, to_network_input

    keep = np.ones(len(labels), dtype=bool)
    keep[rows] = False
    kept_images = to_network_input(images[keep])
    return Split(kept_images, labels[keep], kept_images[:0], labels[keep][:0])


def train_cleaned_network(models_dir=None, precision=None, log=print):
    """Train and save cleaned_cnn unless it is saved; return its history, or None if nothing was trained."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    from digits.data.kaggle_csv import load_train_csv
    from digits.modeling.ensemble_members import train_with_best_plan
    from digits.modeling.saved_models import is_saved

    if is_saved(CLEANED_NETWORK, models_dir):
        return None
    images, labels = load_train_csv()
    rows = flagged_train_rows()
    history = train_with_best_plan(CLEANED_NETWORK, config.SEED, without_rows(images, labels, rows), models_dir, precision)
    log(f"Saved {CLEANED_NETWORK} (seed SEED, learnt from {len(labels) - len(rows):,} images, {len(rows)} flagged "
        f"labels left out): {history.total_seconds / 60:.1f} min in {history.precision}")
    return history
