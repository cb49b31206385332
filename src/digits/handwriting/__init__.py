"""Stage 4, reading people's handwriting, step by step: the file loaded (image_files); its ink found,
as one digit (to_mnist, with paper, photo and ruled_lines) or in several other ways where that fails
(flattened_ink); the marks grouped into digits, a line turned level, touching digits cut (numbers);
each framed in MNIST's form (framing, strokes, masks); read by the digit network and judged by
digit_or_not (read_number: every digit of an image, as `digits predict` prints them; predict: one
digit per image, as notebook 05's tables read them); the drawing canvas (canvas). digit_or_not's
training lives in digits.verifier, the scoring of readings and the pictures of them in digits.reports."""
