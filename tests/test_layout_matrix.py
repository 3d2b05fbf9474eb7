"""Every view, in every state a lesson reaches, at every screen and window size a school has: the invariants hold.

Each case lays a view out for a window (views' layout_for), builds the scene the
window would paint (Session.scene; tests/helpers/screen_check.py reads it), and
checks what it holds: nothing outside the window (or within 4 px of a full
screen's edge), nothing overlapping, every text at least 1/45 of the window's
height (1/30 of the screen's in full screen) and none cut short with "…"; in full
screen the layer, network and teach views fill at least three quarters of its
rows. At the three projector sizes, full screen, the pictures are at least the
sizes a class can see from the back of the room.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import explain
import network
from convolution.app.options import prepare
from convolution.app.session import Session
from convolution.files import camera
from convolution.screen import geometry, views
from convolution.screen.views import network as network_view
from convolution.state import demo, network_keys, teach, teach_keys
from tests.helpers.screen_check import drawn_of, problems, row_share, text_floor

SCREENS = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080), (3840, 2160)]
WINDOWS = [(640, 480), (800, 600), (1200, 500)]
SIZES = [(w, h, True) for w, h in SCREENS] + [(w, h, False) for w, h in WINDOWS]
SEVEN = "; ".join(" ".join(str((r * 7 + c) % 5 - 2) for c in range(7)) for r in range(7))


def photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("photo") / "photo.png"
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (300, 500, 3), dtype=np.uint8)).save(path)
    return str(path)


class FakeRun:
    """A live training run as the network view sees it (demo.LiveTraining)."""

    def __init__(self, model):
        self.classes, self.network = list(model.classes), model
        self.paused, self.epoch, self.epochs, self.progress = False, 3, 20, 0.4
        self.losses = list(np.linspace(1.1, 0.3, 40))
        self.accuracies = list(np.linspace(0.4, 0.95, 40))
        self.held_out, self.error, self.done, self.version = 0.93, "", False, 1

    def poll(self):
        return False

    def toggle_pause(self):
        self.paused = not self.paused

    def stop(self):
        pass


def many_classes(state, count: int, long_names: bool):
    names = [f"class {n + 1}" + (" with a rather long name" if long_names else "") for n in range(count)]
    model = network.Network.random(names, seed=count)
    demo.use_model(state, model, "random.npz")


# (view, name, command line, what to do to the state): the states a lesson reaches.
CASES = [
    ("filter", "cat", [], None),
    ("filter", "pool 2", ["--pool", "2"], None),
    ("filter", "pool 3", ["--pool", "3"], None),
    ("filter", "pool 4", ["--pool", "4", "--relu"], None),
    ("filter", "5x5", ["--kernel", "gaussian-5x5", "--pool", "2"], None),
    ("filter", "7x7", ["--kernel", SEVEN], None),
    ("filter", "random 5x5 readout", ["--kernel", "random", "--seed", "3"], "random 5x5 readout"),
    ("filter", "readout", ["--kernel", "sobel-x", "--pool", "2"], "readout"),
    ("filter", "pooled readout", ["--kernel", "sobel-x", "--pool", "2"], "pooled readout"),
    ("filter", "help", ["--pool", "2"], "help"),
    ("filter", "caption", ["--kernel", "vertical-edge"], "caption"),
    ("filter", "photo", ["--image", "PHOTO", "--kernel", "sobel-x"], None),
    ("layer", "default", ["--view", "layer"], None),
    ("layer", "one", ["--view", "layer", "--bank", "sobel-x"], None),
    ("layer", "four 5x5", ["--view", "layer", "--bank", "sobel-x,gaussian-5x5,laplacian-4,box-blur-5x5"], None),
    ("layer", "eight mixed", ["--view", "layer", "--bank", "random,gaussian-5x5,sobel-x,sobel-y,emboss,box-blur-5x5,"
                                                         "laplacian-8,sharpen"], None),
    ("layer", "no pooling", ["--view", "layer", "--pool", "0"], None),
    ("layer", "readout", ["--view", "layer", "--bank", "sobel-x,gaussian-5x5,laplacian-4,box-blur-5x5"],
     "layer readout"),
    ("layer", "help", ["--view", "layer"], "help"),
    ("layer", "photo", ["--view", "layer", "--image", "PHOTO"], None),
    ("network", "default", ["--view", "network"], None),
    ("network", "help", ["--view", "network"], "help"),
    ("network", "training", ["--view", "network"], "training"),
    ("network", "two classes", ["--view", "network"], "two classes"),
    ("network", "ten classes", ["--view", "network"], "ten long classes"),
    ("network", "caption", ["--view", "network"], "caption"),
    ("network", "ml5", ["--view", "network"], "ml5"),
    ("network", "block 1 pixel", ["--view", "network"], "ml5 point conv 0"),
    ("network", "block 2 pixel", ["--view", "network"], "ml5 point conv 1"),
    ("network", "pooled pixel", ["--view", "network"], "ml5 point pooled 0"),
    ("network", "score", ["--view", "network"], "ml5 point score"),
    ("network", "probability", ["--view", "network"], "ml5 point probability"),
    ("network", "evidence", ["--view", "network"], "ml5 evidence"),
    ("network", "evidence ten classes", ["--view", "network"], "ten long classes evidence"),
    ("network", "ml5 training", ["--view", "network"], "ml5 training"),
    ("network", "one block", ["--view", "network"], "one block point conv 0"),
    ("network", "one block evidence", ["--view", "network"], "one block evidence"),
    ("network", "nearest", ["--view", "network"], "nearest"),
    ("network", "nearest by pixels", ["--view", "network"], "nearest by pixels"),
    ("network", "not sure", ["--view", "network"], "noise"),
    ("network", "sweep", ["--view", "network"], "sweep"),
    ("network", "sweep working", ["--view", "network"], "sweep working"),
    ("network", "pointing at a nearest", ["--view", "network"], "nearest point nearest"),
    ("network", "no examples", ["--view", "network"], "no examples"),
    ("teach", "empty", ["--view", "teach"], None),
    ("teach", "many examples", ["--classes", "circle,square,triangle"], "many examples"),
    ("teach", "nine long classes", ["--view", "teach"], "nine long classes"),
    ("teach", "training", ["--classes", "circle,square,triangle"], "teach training"),
    ("teach", "trained, nine", ["--view", "teach"], "teach trained nine"),
    ("teach", "renaming", ["--classes", "circle,square"], "renaming"),
    ("teach", "help", ["--view", "teach"], "help"),
    ("teach", "caption", ["--view", "teach"], "caption"),
    ("filter", "camera", ["--camera", "VIDEO", "--kernel", "sobel-x"], None),
    ("filter", "camera frozen readout", ["--camera", "VIDEO", "--kernel", "gaussian-5x5"], "frozen readout"),
    ("filter", "camera lost", ["--camera", "VIDEO", "--pool", "2"], "camera lost"),
    ("layer", "camera eight", ["--view", "layer", "--camera", "VIDEO", "--bank", "random,gaussian-5x5,sobel-x,"
                                                  "sobel-y,emboss,box-blur-5x5,laplacian-8,sharpen"], None),
    ("layer", "camera readout", ["--view", "layer", "--camera", "VIDEO"], "layer readout"),
    ("network", "camera", ["--view", "network", "--camera", "VIDEO"], "camera lost"),
    ("teach", "camera", ["--view", "teach", "--camera", "VIDEO", "--classes", "cup,pen,phone"], "camera lost"),
] + [("teach", f"{count} long classes", ["--view", "teach"], f"long classes {count}") for count in range(1, 9)]

UNITS = {"conv 0": explain.Unit("conv", 0, 3, 11, 9), "conv 1": explain.Unit("conv", 1, 13, 6, 7),
         "pooled 0": explain.Unit("pooled", 0, 7, 5, 6), "score": explain.Unit("score", 0, 1),
         "probability": explain.Unit("probability", 0, 2), "nearest": explain.Unit("nearest", 0, 3)}


def taught(state, names, count):
    """``count`` examples of each class ``names`` in the teach view, as if drawn and added with keys 1–9."""
    rng = np.random.default_rng(len(names))
    examples = teach.Examples.named(names)
    for number in range(len(names)):
        for _ in range(count):
            examples = teach.with_example(examples, number, rng.integers(0, 256, (28, 28), dtype=np.uint8))
    state.teaching.examples = examples


def teach_training(state, names, done=False):
    model = network.Network.random(names, seed=len(names))
    run = FakeRun(model)
    run.done = done
    state.running.training, state.running.model, state.teaching.trained_for = run, model, tuple(names)


def prepared(case, photo_path, video_path=None):
    view_name, _, args, tweak = case
    args = [photo_path if arg == "PHOTO" else video_path if arg == "VIDEO" else arg for arg in args]
    options = prepare(args)
    if options.camera is not None:
        options.camera.close()   # the first frame is all these need: no thread reads on
    state = options.state
    view = views.VIEWS[view_name]
    view.prepare(state)
    message, tweak = "", tweak or ""
    if tweak == "help":
        state.ui.show_help = True
    elif tweak == "caption":
        message = "step 7 of 19: max pooling keeps the largest value of each 2×2 window, a quarter of the pixels"
    elif tweak == "training":
        state.running.training = FakeRun(state.running.model)
    elif tweak == "two classes":
        many_classes(state, 2, long_names=False)
    elif tweak.startswith("ten long classes"):
        many_classes(state, 10, long_names=True)
    elif tweak.startswith("ml5"):
        demo.use_model(state, network.Network.random(["cat", "rainbow", "train"], seed=5), "ml5.npz")
    elif tweak.startswith("one block"):
        demo.use_model(state, network.Network(["cat", "rainbow", "train"], network.random_weights(
            3, 5, architecture=((4, 3),))), "old.npz")
    elif tweak == "many examples":
        taught(state, ["circle", "square", "triangle"], 40)
    elif tweak.startswith("long classes "):
        count = int(tweak.split()[-1])
        taught(state, [f"a class with a long name, number {n + 1}" for n in range(count)], 2)
    elif tweak == "nine long classes":
        taught(state, [f"class {n + 1} with a rather long name" for n in range(9)], 3)
    elif tweak == "teach training":
        taught(state, ["circle", "square", "triangle"], 12)
        teach_training(state, ["circle", "square", "triangle"])
    elif tweak == "teach trained nine":
        names = [f"shape number {n + 1} of nine" for n in range(9)]
        taught(state, names, 8)
        teach_training(state, names, done=True)
    elif tweak == "renaming":
        taught(state, ["circle", "square"], 5)
        teach_keys.start_renaming(state)
        for char in "a much longer name for it":
            teach_keys.type_name(state, char)
    elif tweak == "random 5x5 readout":
        demo.toggle_random_size(state)
    elif tweak == "frozen readout":
        demo.toggle_freeze(state)
    elif tweak == "camera lost":
        message = camera.lost_message(state.running.camera.name)
    elif tweak == "nearest by pixels":
        network_keys.toggle_nearest_space(state)
    elif tweak == "noise":   # half the pixels inked at random: the network should say it is not sure
        demo.change_drawing(state, np.random.default_rng(0).choice([0.0, 255.0], (28, 28)).astype(np.float32))
    elif tweak.startswith("sweep"):
        network_keys.start_sweep(state)
        if tweak == "sweep":
            state.running.sweep.future.result()
            state.running.sweep.poll()
        else:   # still being worked out, as the window shows it for a moment
            state.running.sweep.future.result()
            state.running.sweep.probabilities = None
    elif tweak == "no examples":   # a model file of format 1 or 2: the same network, no drawings with it
        model = state.running.model
        demo.use_model(state, network.Network(model.classes, model.weights), "old.npz")
    if tweak.endswith("training"):
        state.running.training = FakeRun(state.running.model)
    if " point " in tweak:
        state.ui.pointed = UNITS[tweak.split(" point ")[1]]
    if tweak.endswith("evidence"):
        state.ui.show_evidence = True
    if tweak in ("readout", "random 5x5 readout", "frozen readout"):
        state.ui.hover = (14, 13)
    elif tweak == "pooled readout":
        state.ui.hover_pooled = (5, 6)
    elif tweak == "layer readout":
        state.ui.hover_map = demo.Hit("map", 1, 14, 13)
    return view, state, message


def draw(view, state, message, width, height, fullscreen):
    """Lay the view out as the window does (Session.make_layout: a photo too large is shown smaller), and
    build the scene the window would paint (Session.scene), message and help sheet included."""
    sketch = Session(state, view.NAME)
    sketch.window, sketch.fullscreen = (width, height), fullscreen
    sketch.layout = layout = sketch.make_layout()
    sketch.message = message
    assert (layout.width, layout.height) == (width, height)   # the window never resizes itself
    scene = sketch.scene()
    assert (scene.width, scene.height) == (width, height)
    return layout, drawn_of(scene)


@pytest.fixture(scope="module")
def photo_path(tmp_path_factory):
    return photo(tmp_path_factory)


@pytest.fixture(scope="module")
def video_path(tmp_path_factory):
    """A 640×480 colour video, as a webcam gives (lossless, two frames)."""
    pytest.importorskip("cv2")
    from tests.helpers import videos
    path = tmp_path_factory.mktemp("video") / "webcam.avi"
    return str(videos.write_video(path, videos.moving_frames(2, height=480, width=640, colour=True)))


# Full screens where the rows are not three quarters used, and why: a live 640×480 colour frame through eight
# filters at 1024×768 is shrunk until sixteen maps fit beside it (42 px), and small maps leave rows empty.
CROWDED = {(("layer", "camera eight"), 1024)}

SIZE_IDS = [f"{w}x{h}{' full' if f else ''}" for w, h, f in SIZES]


@pytest.mark.parametrize("width, height, fullscreen", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_every_screen_holds_its_invariants(case, width, height, fullscreen, photo_path, video_path):
    view, state, message = prepared(case, photo_path, video_path)
    layout, drawn = draw(view, state, message, width, height, fullscreen)
    if state.ui.pointed is not None:
        assert network_view.valid_unit(state.ui.pointed, state.running.model) is not None, "the unit must be drawn"
    assert drawn, "nothing was drawn: the check would pass vacuously"
    assert not problems(drawn, width, height, fullscreen), "\n".join(problems(drawn, width, height, fullscreen)[:12])
    if fullscreen and view.NAME != "filter" and not state.ui.show_help and (case[:2], width) not in CROWDED:
        assert row_share(drawn, height) >= 0.75, f"only {row_share(drawn, height):.0%} of the screen's rows are used"


# The pictures' floors at the projector sizes, full screen: (drawing, maps) scales.
FLOORS = {
    ("filter", "pool 2"): {(1920, 1080): 12, (1366, 768): 8, (1024, 768): 7},
    ("layer", "default"): {(1920, 1080): (6, 6), (1366, 768): (5, 3), (1024, 768): (4, 3)},
    ("layer", "four 5x5"): {(1920, 1080): (6, 6), (1366, 768): (5, 3), (1024, 768): (4, 3)},
    ("network", "default"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("network", "ml5"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("network", "block 2 pixel"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("network", "evidence ten classes"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("network", "ml5 training"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("network", "one block"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
    ("teach", "many examples"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},   # the pad, as the network view's
    ("teach", "trained, nine"): {(1920, 1080): 10, (1366, 768): 7, (1024, 768): 6},
}


@pytest.mark.parametrize("key", list(FLOORS), ids=[" ".join(key) for key in FLOORS])
def test_pictures_are_large_enough_to_see_from_the_back_of_the_room(key, photo_path):
    case = next(c for c in CASES if (c[0], c[1]) == key)
    for (width, height), floor in FLOORS[key].items():
        view, state, message = prepared(case, photo_path)
        layout, drawn = draw(view, state, message, width, height, True)
        if key[0] == "layer":
            assert layout.scale >= floor[0] and layout.map_scale >= floor[1], (width, height, layout.scale)
        else:
            assert layout.scale >= floor, (width, height, layout.scale)


def test_the_floor_is_a_45th_of_a_window_s_height_and_a_30th_of_a_full_screen_s():
    assert [text_floor(h) for h in (768, 800, 1080, 2160, 480)] == [18, 18, 24, 48, 11]
    assert [text_floor(h, True) for h in (768, 800, 1080, 2160)] == [26, 27, 36, 72]
    assert geometry.Sizes.for_window(1080).floor == 24 and geometry.Sizes.for_window(1080).small >= 24
    full = geometry.Sizes.for_screen(1080)
    assert full.floor == 36 and full.note >= 36 and full.title > full.body >= 36
