"""A stand-in for the sketch's window, for pressing keys on a demo without py5."""

import keys


class RecordingWindow:
    """keys.Window that writes down what it was asked to do, in order."""

    def __init__(self):
        self.asked = []

    def save_screenshot(self):
        self.asked.append("save screenshot")

    def save_drawing(self):
        self.asked.append("save drawing")

    def open_file(self):
        self.asked.append("open file")

    def next_view(self):
        self.asked.append("next view")

    def save_model(self):
        self.asked.append("save model")

    def save_clip(self):
        self.asked.append("save clip")

    def step(self, direction):
        self.asked.append(f"step {direction:+d}")

    def toggle_blank(self):
        self.asked.append("blank")

    def toggle_fullscreen(self):
        self.asked.append("toggle full screen")

    def toggle_theme(self):
        self.asked.append("toggle theme")

    def quit(self):
        self.asked.append("quit")


def press(state, *names, window=None, shift=False, now=0.0, view=None) -> bool:
    """Press keys on ``state`` as the sketch would; whether the last one did anything."""
    window = window or RecordingWindow()
    done = False
    for name in names:
        done = keys.press(state, name, window, shift=shift, now=now, view=view)
    return done
