"""The lesson's convolution written the slow, obvious way: the tests' yardstick.

Four nested loops over pixels and kernel weights, with every out-of-image
neighbour looked up by hand. Deliberately shares no code with filters.py.
"""

import numpy as np


def neighbour(channel, y, x, edges):
    """The value convolve() should see at (y, x), which may lie outside the image."""
    height, width = channel.shape
    if 0 <= y < height and 0 <= x < width:
        return float(channel[y, x])
    if edges == "zero":
        return 0.0
    if edges == "extend":
        return float(channel[min(max(y, 0), height - 1), min(max(x, 0), width - 1)])
    if edges == "wrap":
        return float(channel[y % height, x % width])
    if edges == "reflect":
        return float(channel[mirror(y, height), mirror(x, width)])
    raise AssertionError(f"no neighbour rule for {edges}")


def mirror(i, n):
    """Reflect index i into 0..n-1 without repeating the edge: … 2 1 | 0 1 2 … n-1 | n-2 …"""
    if n == 1:
        return 0
    period = 2 * (n - 1)
    i %= period
    return i if i < n else period - i


def slow_convolve(image, kernel, edges="skip", flip=False):
    """out[y, x] = Σ_j Σ_i k[j, i] · img[y + j − ry, x + i − rx], one pixel at a time."""
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if flip:
        kernel = kernel[::-1, ::-1]
    channels = image[:, :, None] if image.ndim == 2 else image
    kh, kw = kernel.shape
    ry, rx = kh // 2, kw // 2
    height, width, depth = channels.shape
    out = np.zeros(channels.shape)
    for c in range(depth):
        channel = channels[:, :, c]
        for y in range(height):
            for x in range(width):
                if edges == "skip" and not (ry <= y < height - ry and rx <= x < width - rx):
                    continue  # the lesson leaves these pixels out
                total = 0.0
                for j in range(kh):
                    for i in range(kw):
                        total += kernel[j, i] * neighbour(channel, y + j - ry, x + i - rx, edges)
                out[y, x, c] = total
    return out[:, :, 0] if image.ndim == 2 else out
