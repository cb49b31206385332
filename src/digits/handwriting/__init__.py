"""Stage 4, reading people's handwriting, step by step: the file loaded (image_files); its ink found,
as one digit (to_mnist, with paper, photo and ruled_lines) or in several other ways where that fails
(flattened_ink); the marks grouped into digits, a line turned level, touching digits cut (numbers);
each framed in MNIST's form (framing, strokes, masks); read by the digit network and judged by
digit_or_not (read_number); printed by `digits predict` (predict) or the drawing canvas (canvas).
digit_or_not's training lives in digits.verifier, the scoring of readings in digits.evaluation."""
