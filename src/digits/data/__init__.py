"""Stage 1, the data: MNIST's public release, the Kaggle-format CSVs built from it, loading and
validating them, arrays shaped for a network, which data a model saw, and labelled handwriting
beyond MNIST."""
