"""Storms of input for the robustness tests: random keys and mouse events, as xdotool takes them."""

from convolution.screen.views import filter as filter_view

LAYOUT = filter_view.make_layout(28, 28, 10)   # the cat's window at 10x

# Keys the storm presses (X11 names). Left out: q/Escape (quit), s/d (files), o (a file
# dialog would take the keyboard), h/? and a (they cover the panels we check at the end).
STORM_KEYS = ["Right", "Left", "Up", "Down", "shift+Up", "r", "k", "e", "m", "f", "n", "c", "i", "u",
              "bracketleft", "bracketright", "Tab", "Return", "BackSpace", "minus", "period", "plus",
              "space", "x", "F1", "Delete", "ctrl+z", "Home"] + [str(d) for d in range(10)]


def mouse_storm(rng, count, width=LAYOUT.width, height=LAYOUT.height):
    """xdotool commands for ``count`` random mouse events: moves, clicks, drags and wheel turns."""
    commands = []

    def somewhere():
        return [str(rng.integers(0, width)), str(rng.integers(0, height))]

    for _ in range(count):
        kind = rng.choice(["move", "click", "drag", "wheel"], p=[0.4, 0.2, 0.25, 0.15])
        commands += ["mousemove", "--window", "%1", *somewhere()]
        if kind == "click":
            commands += ["click", "1"]
        elif kind == "drag":
            commands += ["mousedown", "1"]
            for _ in range(3):
                commands += ["mousemove", "--window", "%1", *somewhere()]
            commands += ["mouseup", "1"]
        elif kind == "wheel":
            commands += ["click", str(rng.choice([4, 5]))]
    return commands

