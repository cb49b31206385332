"""Every path the project uses, and the one seed that drives all randomness."""

import os
from pathlib import Path

# The repository root; DIGITS_ROOT lets tests and tools point the project at another tree.
PROJ_ROOT = Path(os.environ.get("DIGITS_ROOT", Path(__file__).resolve().parents[2]))

DATA_DIR = PROJ_ROOT / "data"
TRAIN_CSV = DATA_DIR / "train.csv"
TEST_CSV = DATA_DIR / "test.csv"
TEST_LABELS_CSV = DATA_DIR / "test_labels.csv"
# Each CSV row's place in MNIST (its training or test set, and index), written by the data build.
MNIST_PLACES_CSV = DATA_DIR / "mnist_places.csv"

MODELS_DIR = PROJ_ROOT / "models"
# The independent ensemble's members' test-set probabilities (digits.evaluation.member_predictions), and their record.
MEMBER_PROBABILITIES = MODELS_DIR / "ensemble_members_test.npz"
# The cross-validation networks' out-of-fold and test probabilities (digits.evaluation.fold_predictions).
FOLD_PROBABILITIES = MODELS_DIR / "fold_probabilities.npz"
# train.csv's labels in doubt, found by confident learning on those probabilities (digits.evaluation.label_audit).
LABEL_ISSUES_CSV = MODELS_DIR / "label_issues.csv"
# Every saved model's figures and provenance, written by `make run` (digits.reports.metrics_file).
METRICS_FILE = MODELS_DIR / "metrics.json"
FIGURES_DIR = PROJ_ROOT / "img"
README = PROJ_ROOT / "README.md"
# The rendered notebooks and their index page (`make html`).
HTML_DIR = PROJ_ROOT / "build" / "html"
OURDATA_DIR = PROJ_ROOT / "ourdata"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
SUBMISSIONS_DIR = PROJ_ROOT / "submissions"
# Validation figures of benchmarks/design_study.py, plotted by notebook 05.
DESIGN_STUDY_RESULTS = PROJ_ROOT / "benchmarks" / "design_study.json"
FULL_BUDGET_STUDY_RESULTS = PROJ_ROOT / "benchmarks" / "full_budget_study.json"
# The public Kaggle recipes trained here and scored on our test set (benchmarks/anchors.py).
ANCHORS_RESULTS = PROJ_ROOT / "benchmarks" / "anchors.json"
# Derived files, git-ignored and safe to delete: the downloaded MNIST source wheel, and each CSV's
# validated arrays (read back in a fraction of a second instead of parsing 42,000 rows again).
CACHE_DIR = PROJ_ROOT / ".cache"
ARRAY_CACHE_DIR = CACHE_DIR / "arrays"

# One seed for every split, initialisation, augmentation and shuffle. It is the original
# notebook's train_test_split random_state: our 33,600 / 8,400 split has its proportions and seed,
# not its images (data/train.csv holds the rows in this project's own order).
SEED = 5292002

IMAGE_SIDE = 28
NUM_PIXELS = IMAGE_SIDE * IMAGE_SIDE
NUM_CLASSES = 10
