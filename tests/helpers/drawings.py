"""Made-up drawings and Quick Draw class files for the network's tests."""

import numpy as np


def bars(count, seed=0):
    """Made-up white-on-black drawings of two classes: 0 = a horizontal bar, 1 = a vertical bar."""
    rng = np.random.default_rng(seed)
    drawings = np.zeros((count, 28, 28), np.uint8)
    labels = np.arange(count) % 2
    for n, label in enumerate(labels):
        at, start = rng.integers(6, 22), rng.integers(2, 8)
        if label == 0:
            drawings[n, at:at + 2, start:start + 18] = 255
        else:
            drawings[n, start:start + 18, at:at + 2] = 255
    return drawings, labels


def write_class_file(folder, name, drawings):
    path = folder / name
    if name.endswith(".npy"):
        with open(path, "wb") as file:
            np.save(file, drawings.reshape(len(drawings), 784))
    else:
        path.write_bytes(drawings.tobytes())
    return path

