"""reader_cnn, the network that reads image files: best_cnn fine-tuned on train.csv with synthetic
continental 1s added (flagged_ones: train.csv's own 1s given a long flag), so that a 1 written with a
long flag is not read as a 7 (training). The reader runs it through digits.handwriting."""
