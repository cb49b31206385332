"""Cross-validation networks: best_cnn's plan trained five times, each on four fifths of train.csv.

The 42,000 labelled images are cut into five stratified folds by `config.SEED`. Network k learns from
the other four folds (33,600 images) with notebook 04's plan, from its own seed, and answers fold k,
which it never saw: together the five give every training image a probability from a network that
did not learn it (what a label audit needs), and five networks that each saw different data.
Each is saved as it finishes, so `python -m digits folds` resumes where it stopped.
"""

import numpy as np

from digits import config
from digits.modeling.ensemble_members import ENSEMBLE_SIZE, SEED_STEP

FOLDS = 5


def fold_of_each_image(labels, seed=config.SEED, folds=FOLDS):
    """The fold (0 to folds - 1) of each labelled image: stratified by label, shuffled by `seed`."""
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(labels)
    assignment = np.empty(len(labels), dtype=np.int8)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (_, held_out) in enumerate(splitter.split(np.zeros(len(labels)), labels)):
        assignment[held_out] = fold
    return assignment


def fold_network_name(fold):
    """The saved name of the network that did not see `fold` (0-based): fold_cnn1 ... fold_cnn5."""
    return f"fold_cnn{fold + 1}"


def fold_network_names(folds=FOLDS):
    return [fold_network_name(fold) for fold in range(folds)]


def fold_seed(fold):
    """Network `fold`'s seed: after the ensemble members' seeds, in the same steps, so that no two
    networks of the project share a random stream."""
    return config.SEED + SEED_STEP * (ENSEMBLE_SIZE + fold + 1)


def fold_split(images, labels, assignment, fold):
    """The Split that trains the network for `fold`: the other folds to learn from, `fold` held out."""
    from digits.data.network_input import Split, to_network_input

    learn, held_out = assignment != fold, assignment == fold
    return Split(to_network_input(images[learn]), labels[learn], to_network_input(images[held_out]), labels[held_out])


def train_missing_fold_networks(models_dir=None, precision=None, log=print):
    """Train, one after another, the fold networks not saved yet; return the names trained now."""
    models_dir = config.MODELS_DIR if models_dir is None else models_dir
    from digits.data.kaggle_csv import load_train_csv
    from digits.data.network_input import Split
    from digits.modeling.ensemble_members import train_with_best_plan
    from digits.modeling.saved_models import is_saved

    missing = [fold for fold in range(FOLDS) if not is_saved(fold_network_name(fold), models_dir)]
    if not missing:
        return []
    images, labels = load_train_csv()
    assignment = fold_of_each_image(labels)
    trained = []
    for fold in missing:
        split = fold_split(images, labels, assignment, fold)
        # The held-out fold is answered once, after training (digits.evaluation.fold_predictions): a
        # validation pass every epoch would cost time and change nothing the network learns.
        learn_only = Split(split.train_images, split.train_labels, split.val_images[:0], split.val_labels[:0])
        history = train_with_best_plan(fold_network_name(fold), fold_seed(fold), learn_only, models_dir, precision)
        trained.append(fold_network_name(fold))
        log(f"Saved {fold_network_name(fold)} (seed SEED + {fold_seed(fold) - config.SEED}, learnt from "
            f"{len(split.train_images):,} images): {history.total_seconds / 60:.1f} min in {history.precision}")
    return trained
