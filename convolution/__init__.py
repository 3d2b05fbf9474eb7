"""The convolution sketch's parts, one sub-package per responsibility.

sketch.py starts it, train.py trains a network; filters.py (the lesson's
numbers), network.py (the CNN's maths) and explain.py (every unit of it worked
out) stand beside this package, at the top of the repository, where a teacher
opens them.

    maths/      a whole layer of filters at once (numpy, on top of filters.py)
    state/      what the sketch shows, and the plain functions that change it; the key table
    files/      files in and out: images, Quick Draw bitmaps, bundled files, new files that never overwrite
    learning/   training the network: on the command line (train.py), and live beside the window
    classroom/  lesson plans, and GIF clips for slides
    screen/     what is drawn where: geometry, colours, texts, the canvas and one module per view
    app/        the command line, starting py5, and the window's own business

The packages stand in one order, lowest first: the lesson's numbers (with maths/) ← files ← learning ←
state ← screen, classroom ← app; a module never imports from a level above its own, and only
app/startup.py imports py5 (README: "Where things live"; tests/test_architecture.py checks it).
"""
