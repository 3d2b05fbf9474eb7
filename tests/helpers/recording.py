"""A stand-in for the sketch's window, for pressing keys on a demo without py5."""

from convolution.state import keys


class RecordingWindow:
    """keys.Window that writes down what it was asked to do, in order: "save screenshot", "quit",
    "step +1" … (the method's name, its words apart, and its argument)."""

    def __init__(self):
        self.asked = []

    def __getattr__(self, name):
        if name not in keys.Window.__dict__:
            raise AttributeError(name)
        return lambda *args: self.asked.append(" ".join([name.replace("_", " ")] + [f"{a:+d}" for a in args]))


def press(state, *names, window=None, shift=False, now=0.0, view=None) -> bool:
    """Press keys on ``state`` as the sketch would; whether the last one did anything."""
    window = window or RecordingWindow()
    done = False
    for name in names:
        done = keys.press(state, name, window, shift=shift, now=now, view=view)
    return done
