"""Convolution filter demo: a drawing on the left, the same drawing filtered on the right.

    python sketch.py                       # the bundled cat, identity kernel
    python sketch.py --kernel sobel-x      # start with another preset
    python sketch.py --help                # every option and key

This file only starts the sketch. The lesson's numbers are in filters.py,
the network's in network.py, and everything else in the convolution package
(its folders: convolution/__init__.py; the window: convolution/app/window.py).
A package that is not installed is one line saying which, and how to install it
(convolution/app/commands.py).
"""

from convolution.app.commands import sketch_command

if __name__ == "__main__":
    sketch_command()
