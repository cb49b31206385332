"""Stage 3, what the networks get right and wrong: predictions, error analysis, calibration,
ensembles, the compute curve, and comparisons with the public recipes and the studies."""
