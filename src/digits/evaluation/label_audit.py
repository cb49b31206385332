"""Which labels are in doubt: confident learning (cleanlab) on held-out probabilities, and the MNIST
label errors others have published, placed in this project's rows.

Each label's quality is cleanlab's self-confidence (Northcutt, Jiang and Chuang, "Confident
Learning", 2021): the probability that networks which did not learn the image give its label (low:
in doubt). The audit flags a fixed share of a file, the labels of lowest quality. Confident
learning's own flagged set (`find_label_issues` with its defaults: as many labels as it estimates
are wrong) is reported beside it: on MNIST it is far smaller than the published lists of label errors.
"""

import numpy as np
import pandas as pd

from digits import config
from digits.atomic import write_text_atomically

# Northcutt, Athalye and Mueller, "Pervasive Label Errors in Test Sets Destabilize Machine Learning
# Benchmarks" (NeurIPS 2021 Datasets and Benchmarks): the MNIST test images that confident learning
# proposed and at most 2 of 5 Mechanical Turk reviewers kept the given label for; the reviewers'
# answers are in github.com/cleanlab/label-errors, mturk/mnist_mturk.json. These are the paper's 15.
# MNIST test index: (given label, label the paper proposed).
PUBLISHED_TEST_SET_ERRORS = {
    947: (8, 9), 1621: (0, 6), 1901: (9, 4), 2130: (4, 9), 2462: (2, 0), 2597: (5, 3), 2654: (6, 1),
    3520: (6, 4), 3558: (5, 0), 5937: (5, 3), 6651: (0, 6), 6783: (1, 6), 8527: (4, 9), 9679: (6, 3),
    9729: (5, 6),
}
# cleanlab's MNIST example (github.com/cleanlab/cleanlab, examples/mnist, by Curtis Northcutt): the
# MNIST training images it lists as label errors found by confident learning, 17 "blatant" and 3
# "less blatant", by index in MNIST's 60,000 training images. No suggested labels are given.
PUBLISHED_TRAINING_SET_ERRORS = (21601, 40466, 29922, 40144, 51248, 43454, 59915, 57662, 25678, 2676, 24798,
                                 31727, 7080, 26560, 10994, 53396, 54264, 59701, 42566, 26940)

LABEL_ISSUE_COLUMNS = ["train_row", "given", "suggested", "label_quality"]
# The share of a file's labels the audit flags: the most it may flag, so that cleaning the training
# set costs at most 1% of its images.
FLAGGED_SHARE = 0.01


def label_issues(labels, probabilities, share=FLAGGED_SHARE):
    """The `share` of the labels whose quality is lowest, most doubtful first: a DataFrame of `row`
    (0-based), `given`, `suggested` (the most probable class) and `label_quality` (self-confidence)."""
    labels, probabilities = _checked(labels, probabilities)
    quality = label_quality(labels, probabilities)
    return _issue_table(np.argsort(quality, kind="stable")[:round(share * len(labels))], labels, probabilities, quality)


def confident_learning_issues(labels, probabilities):
    """The labels confident learning flags with cleanlab's defaults, the labels its estimate of each
    pair of classes' noise would explain, most doubtful first: the columns of `label_issues`."""
    from cleanlab.filter import find_label_issues

    labels, probabilities = _checked(labels, probabilities)
    flagged = find_label_issues(labels, probabilities, return_indices_ranked_by="self_confidence")
    return _issue_table(flagged, labels, probabilities, label_quality(labels, probabilities))


def _issue_table(rows, labels, probabilities, quality):
    return pd.DataFrame({"row": rows, "given": labels[rows], "suggested": probabilities[rows].argmax(axis=1),
                         "label_quality": quality[rows]})


def _checked(labels, probabilities):
    labels, probabilities = np.asarray(labels, dtype=np.int64), np.asarray(probabilities, dtype=np.float64)
    if probabilities.shape != (len(labels), config.NUM_CLASSES):
        raise ValueError(f"expected probabilities of shape ({len(labels)}, {config.NUM_CLASSES}), got {probabilities.shape}")
    return labels, probabilities


def write_label_issues(issues, path=None):
    """Write the training set's flagged labels (`label_issues` on train.csv) as the committed table."""
    table = issues.rename(columns={"row": "train_row"})[LABEL_ISSUE_COLUMNS]
    write_text_atomically(path or config.LABEL_ISSUES_CSV, table.to_csv(index=False, float_format="%.3g"))


def published_errors(places):
    """The published label errors, each placed in this project's data: `source`, `mnist_set`,
    `mnist_index`, `file` and `row` (from the data build's record of MNIST places, `places`),
    `given` and `proposed` (the published suggestion, -1 where none is given)."""
    entries = [("Northcutt et al. 2021", "test", index, given, proposed)
               for index, (given, proposed) in PUBLISHED_TEST_SET_ERRORS.items()]
    entries += [("cleanlab's MNIST example", "train", index, -1, -1) for index in PUBLISHED_TRAINING_SET_ERRORS]
    table = pd.DataFrame(entries, columns=["source", "mnist_set", "mnist_index", "given", "proposed"])
    located = table.merge(places, on=["mnist_set", "mnist_index"], how="left", validate="one_to_one")
    if located["file"].isna().any():
        raise ValueError("the record of MNIST places does not cover every published index")
    return located[["source", "mnist_set", "mnist_index", "file", "row", "given", "proposed"]]


def label_quality(labels, probabilities):
    """Every row's label quality: cleanlab's self-confidence, the probability given to its label."""
    from cleanlab.rank import get_label_quality_scores

    return get_label_quality_scores(np.asarray(labels, dtype=np.int64), np.asarray(probabilities, dtype=np.float64),
                                    method="self_confidence")


def doubt_ranks(labels, probabilities):
    """Each row's place when all rows are ordered by label quality, lowest first (1: most in doubt)."""
    order = np.argsort(label_quality(labels, probabilities), kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def audit_published(published, train, test, flagged):
    """`published_errors` beside what the audit makes of each: the label here, the class the judging
    networks read (`train`, `test`: (labels, probabilities) of each file), the probability they give
    it, the label's doubt rank in its file, and, for each named set in `flagged` (name: (train rows,
    test rows)), whether it holds the image."""
    files = {"train.csv": train, "test.csv": test}
    ranks = {file: doubt_ranks(labels, probabilities) for file, (labels, probabilities) in files.items()}
    sets = {name: {"train.csv": set(np.asarray(rows[0]).tolist()), "test.csv": set(np.asarray(rows[1]).tolist())}
            for name, rows in flagged.items()}
    columns = {"label here": [], "read as": [], "read with": [], "doubt rank": [], **{name: [] for name in flagged}}
    for file, row in zip(published["file"], published["row"]):
        labels, probabilities = files[file]
        columns["label here"].append(int(labels[row]))
        columns["read as"].append(int(np.argmax(probabilities[row])))
        columns["read with"].append(float(np.max(probabilities[row])))
        columns["doubt rank"].append(int(ranks[file][row]))
        for name in flagged:
            columns[name].append(row in sets[name][file])
    return published.assign(**columns)


def found_within(ranks, images, shares):
    """How many of the labels with doubt `ranks` lie among the `share` most doubtful of `images`
    labels, for each share: what flagging a fixed fraction by label quality would catch."""
    ranks = np.asarray(ranks)
    rows = [{"share flagged": share, "labels flagged": int(round(share * images)),
             "published errors among them": int(np.sum(ranks <= round(share * images))),
             "of": len(ranks)} for share in shares]
    return pd.DataFrame(rows).set_index("share flagged")


def accuracy_where_labels_are_sure(guesses_by_model, labels, doubtful_by_rule):
    """Each model's test errors and accuracy on all images and, for each rule in `doubtful_by_rule`
    (name: the rows whose label it doubts), on the images whose label it does not doubt, the same
    rows left out for every model: one row per model, a pair of columns per set of images."""
    labels = np.asarray(labels)
    sets = {"all images": np.ones(len(labels), dtype=bool)}
    for rule, rows in doubtful_by_rule.items():
        sets[f"without {rule}"] = ~np.isin(np.arange(len(labels)), np.asarray(rows, dtype=np.int64))
    table = {}
    for images, kept in sets.items():
        wrong = {name: (np.asarray(guesses) != labels)[kept] for name, guesses in guesses_by_model.items()}
        table[(images, "errors")] = {name: int(miss.sum()) for name, miss in wrong.items()}
        table[(images, "accuracy")] = {name: 1 - miss.mean() for name, miss in wrong.items()}
    frame = pd.DataFrame(table)
    frame.index.name = "model"
    return frame
