"""Stage 4, handwriting beyond MNIST: any image file of one digit turned into an MNIST-style 28x28
(image files, paper, phone photos, ruled lines, strokes, framing), predictions on it, the
drawing canvas, and how well each pipeline reads labelled sets."""
