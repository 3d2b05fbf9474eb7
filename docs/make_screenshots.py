"""README's screenshots, painted from the sketch's own scenes: python docs/make_screenshots.py

Each picture is the scene the window shows (the session's, for the options given, in the window it
opens on a 1920×1080 screen), with the mouse on a pixel or a unit, painted offscreen by the same
painter as --save without a display (screen/painters/offscreen.py): no Java, no screen needed. Each is
saved over the old file in docs/ (these are the project's own pictures, redone on purpose).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script: the repository's root

import explain  # noqa: E402  (after the path is set)
from convolution.app import events  # noqa: E402
from convolution.app.options import prepare  # noqa: E402
from convolution.app.session import Session  # noqa: E402
from convolution.learning import trainer  # noqa: E402
from convolution.screen.painters import offscreen  # noqa: E402
from convolution.state import teach  # noqa: E402
from tests.helpers import shapes, videos  # noqa: E402

DOCS = Path(__file__).resolve().parent
SCREEN = (1920, 1080)


def panel_point(rect, scale: int, row: int, col: int) -> tuple[int, int]:
    """The window point over pixel (row, col) of a picture drawn at ``scale`` in ``rect``."""
    return rect.x + col * scale + scale // 2, rect.y + row * scale + scale // 2


def point_at_pixel(session: Session) -> None:
    layout = session.layout
    session.handle(events.MouseMove(*panel_point(layout.source, layout.scale, 9, 11)))


def point_at_pooled_map(session: Session) -> None:
    layout = session.layout
    column = layout.columns[1]
    session.handle(events.MouseMove(*panel_point(column.maps[2], layout.map_scale * layout.pool, 5, 6)))


def point_at_block_2(session: Session) -> None:
    session.state.ui.pointed = explain.Unit("pooled", 1, 7, 2, 1)   # a pooled pixel of block 2, filter 8


def next_step(session: Session) -> None:
    session.handle(events.Key("PAGE_DOWN", False))
    point_at_pixel(session)


def taught(session: Session) -> None:
    """Three classes of hand-drawn-style shapes, ten examples each, and a network trained on them."""
    names = ["circle", "square", "triangle"]
    examples = teach.Examples.named(names)
    drawings, labels = [], []
    for number, name in enumerate(names):
        for drawing in shapes.draw(name, 10, seed=4):
            examples = teach.with_example(examples, number, drawing)
            drawings.append(drawing)
            labels.append(number)
    state = session.state
    state.teaching.examples = examples
    model, _ = trainer.train(np.stack(drawings), np.array(labels), names, epochs=8, seed=1)
    state.running.model, state.teaching.trained_for = model, tuple(names)
    session.handle(events.Key("c", False))   # a clear pad, then a circle drawn on it
    state.image = 255.0 - shapes.draw("circle", 1, seed=9)[0].astype(np.float32)
    state.refilter()


def probed(session: Session) -> None:
    """The cat moved a pixel right (a probe key), its shift sweep worked out, the nearest drawings beside it."""
    session.handle(events.Key("RIGHT", False))
    state = session.state
    session.handle(events.Key("a", False))
    sweep = state.running.sweep
    if sweep is not None and sweep.future is not None:
        sweep.future.result(timeout=120)   # a picture waits for what the window shows when it arrives
        sweep.poll()
    session.message = ""


def camera_video(scratch: Path) -> str:
    doodle = np.asarray(Image.open(DOCS.parent / "assets" / "cat.png").convert("L"))
    frame = videos.drawing_on_paper(255 - doodle)
    return str(videos.write_video(scratch / "paper.avi", [frame, frame]))


# name: (arguments, what is done before the picture is taken)
PICTURES: dict[str, tuple[list[str], Callable[[Session], None]]] = {
    "screenshot.png": (["--kernel", "vertical-edge"], point_at_pixel),
    "layer.png": (["--view", "layer", "--pool", "2"], point_at_pooled_map),
    "network.png": (["--view", "network"], point_at_block_2),
    "teach.png": (["--classes", "circle,square,triangle"], taught),
    "classroom-light.png": (["--theme", "light", "--lesson", "lessons/coding-train.toml"], next_step),
    "camera.png": (["--camera", "VIDEO", "--kernel", "sobel-x"], point_at_pixel),
    "why.png": (["--view", "network"], probed),
}


def session_for(args: list[str]) -> Session:
    """The session sketch.py starts with ``args``, opened on a 1920×1080 screen (as window.main makes it)."""
    from convolution.classroom import lessons
    options = prepare(args)
    player = None
    if options.lesson is not None:
        player = lessons.LessonPlayer(options.lesson, options.lesson_base)
        options.view = player.forward(options.state) or options.view
    session = Session(options.state, options.view, options.scale, None, theme=options.theme, lesson=player)
    session.handle(events.Screen(*SCREEN))
    if options.camera is not None:
        options.camera.close()   # its first frame is the picture
    return session


def main() -> int:
    root = DOCS.parent
    with tempfile.TemporaryDirectory() as scratch:
        for name, (args, prepare_picture) in PICTURES.items():
            args = [camera_video(Path(scratch)) if arg == "VIDEO" else arg for arg in args]
            session = session_for(args)
            prepare_picture(session)
            Image.fromarray(offscreen.paint(session.scene())).save(root / "docs" / name)
            print(root / "docs" / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
