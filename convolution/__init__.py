"""The convolution sketch's parts, one sub-package per responsibility.

sketch.py starts it, train.py trains a network; filters.py (the lesson's
numbers) and network.py (the CNN's maths) stand beside this package, at the
top of the repository, where a teacher opens them.

    maths/      the engine under filters.convolve, and a whole layer of filters at once (numpy)
    state/      what the sketch shows, and the plain functions that change it; the key table
    files/      files in and out: images, Quick Draw bitmaps, bundled files, new files that never overwrite
    learning/   training the network: on the command line (train.py), and live beside the window
    classroom/  lesson plans, and GIF clips for slides
    screen/     what is drawn where: geometry, colours, texts, the canvas and one module per view
    app/        the command line, starting py5, and the window's own business

Pure layers (maths, state, files, learning) never import the screen; only
app/startup.py imports py5 (README: "Where things live").
"""
