"""Every path the project uses, and the one seed that drives all randomness."""

import os
from pathlib import Path



def _is_project(folder):
    return (folder / "pyproject.toml").is_file() and (folder / "src" / "digits").is_dir()


def _project_root(environ=os.environ, source_tree=Path(__file__).resolve().parents[2], working_folder=None):
    """DIGITS_ROOT if set; else the checkout this package is installed from (editable); else the
    checkout holding the working folder (the package installed with `pip install <checkout>`, run
    from inside it); else the working folder itself."""
    if environ.get("DIGITS_ROOT"):
        return Path(environ["DIGITS_ROOT"])
    if _is_project(source_tree):
        return source_tree
    here = Path(working_folder or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if _is_project(folder)), here)


# Kaggle mounts the competition's files here (train.csv, test.csv, sample_submission.csv).
KAGGLE_INPUT_DIR = Path("/kaggle/input/digit-recognizer")


def _data_dir(root, environ=os.environ, kaggle_input=KAGGLE_INPUT_DIR):
    """DIGITS_DATA_DIR if set; else Kaggle's copy of the competition when running there; else data/."""
    if environ.get("DIGITS_DATA_DIR"):
        return Path(environ["DIGITS_DATA_DIR"])
    if (kaggle_input / "train.csv").is_file() and (kaggle_input / "test.csv").is_file():
        return kaggle_input
    return root / "data"


# The project's root: see _project_root (DIGITS_ROOT lets tests and tools point it at another tree).
PROJ_ROOT = _project_root()

DATA_DIR = _data_dir(PROJ_ROOT)
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
# Real handwriting from public repositories, labelled, for developing the reader: never part of the
# project (its owners did not license it), read from beside the checkout where it is present.
HANDWRITING_DEV_DIR = Path(os.environ.get("DIGITS_HANDWRITING_DEV", PROJ_ROOT.parent / "shared" / "handwriting-dev"))
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
SUBMISSIONS_DIR = PROJ_ROOT / "submissions"
# Validation figures of benchmarks/design_study.py, plotted by notebook 04.
DESIGN_STUDY_RESULTS = PROJ_ROOT / "benchmarks" / "design_study.json"
FULL_BUDGET_STUDY_RESULTS = PROJ_ROOT / "benchmarks" / "full_budget_study.json"
# The public Kaggle recipes trained here and scored on our test set (benchmarks/recipe_runs.py).
RECIPE_RUNS = PROJ_ROOT / "benchmarks" / "recipe_runs.json"
# From baseline_cnn to best_cnn one change at a time, scored on the test set
# (benchmarks/accuracy_steps.py, read by notebook 07): what each run did, and its test answers.
ACCURACY_STEPS_RESULTS = PROJ_ROOT / "benchmarks" / "accuracy_steps.json"
ACCURACY_STEPS_ANSWERS = PROJ_ROOT / "benchmarks" / "accuracy_steps.npz"
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
