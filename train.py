"""Train the doodle network on Quick Draw files, one file per class, and save it.

    python train.py cats800.bin trains800.bin rainbows800.bin --out doodles.npz
    python train.py full_numpy_bitmap_cat.npy full_numpy_bitmap_bus.npy --out mine.npz --epochs 10 --seed 3

    python train.py --help                 # every option

The network itself is network.py; the command line is convolution/learning/cli.py.
"""

import os
import sys

# The network's matrices are small: one BLAS thread multiplies them faster than several taking turns on
# a busy machine, and gives the same bits whatever the number of cores. numpy reads these as it starts.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from convolution.learning.cli import main  # noqa: E402 - after the threads are set

if __name__ == "__main__":
    sys.exit(main())
