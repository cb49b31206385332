"""Stage 5, what a reader sees: figures, the results table, models/metrics.json and the README's
table, Kaggle submissions, and the rendered site."""
