"""Stage 5, what a reader sees: figures, the results table, models/metrics.json and the README's
table, Kaggle submissions, the rendered site, and the handwriting reader's scores."""
