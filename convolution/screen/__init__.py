"""What is drawn where: rectangles and sizes, colours and panel pixels, every text, the canvas, one module per view."""
