"""Train the doodle network on Quick Draw files, one file per class, and save it.

    python train.py cats800.bin trains800.bin rainbows800.bin --out doodles.npz
    python train.py full_numpy_bitmap_cat.npy full_numpy_bitmap_bus.npy --out mine.npz --epochs 10 --seed 3

    python train.py --help                 # every option

The network itself is network.py; the command line is convolution/learning/cli.py (started, with one
BLAS thread and a one-line message for a missing package, by convolution/app/commands.py).
"""

import sys

from convolution.app.commands import train_command

if __name__ == "__main__":
    sys.exit(train_command())
