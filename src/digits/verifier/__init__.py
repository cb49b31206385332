"""Beside stage 4, digit_or_not's training: the synthetic images of what is not a digit (non_digits)
and the network, trained on them against every digit of train.csv (training). The reader uses the
trained network through digits.handwriting.digit_or_not."""
