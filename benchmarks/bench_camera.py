"""--camera: a 640×480 video through the live sketch, and filters.convolve against OpenCV at a camera's sizes.

- frame to pixels: in sketch.py under Xvfb (benchmarks/timed_sketch.py), from draw() taking a new frame
  (every number computed from it, demo.show_frame) to the end of the repaint that shows it; and how many
  of the video's frames reach the screen each second, against how many the video gave in that time;
- idle CPU while a frame is frozen, against the still sketch showing a photo of the same size, side by side;
- filters.convolve against cv2.filter2D at 640×480 (a webcam) and 760×760 (the largest photo the sketch
  filters), every border mode, 3×3 and 5×5.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_convolve import agrees, opencv_filter
from common import Figure, interleaved_min, ms, percentile
from xsketch import Sketch, VirtualScreen

import filters

FRAME_TO_PIXELS_BUDGET = 0.016   # seconds, 95th percentile
FPS_TARGETS = {"filter": 30.0, "layer": 20.0}
OPENCV_TARGET = 2.0              # × cv2.filter2D
IDLE_TARGET = 1.3                # × the still sketch's CPU
VIDEO_FPS = 30
EIGHT = "sobel-x,sobel-y,laplacian-4,vertical-edge,horizontal-edge,gaussian-3x3,sharpen,emboss"
SCENARIOS = [
    ("filter view, 3×3 (sobel-x)", "filter", ("--kernel", "sobel-x")),
    ("filter view, 5×5 (gaussian-5x5)", "filter", ("--kernel", "gaussian-5x5")),
    ("filter view, 5×5 random", "filter", ("--kernel", "random", "--seed", "3")),   # k: 3×3 → 5×5
    ("layer view, 8 filters", "layer", ("--view", "layer", "--bank", EIGHT)),
]


def webcam_video(folder: Path, seconds: float = 2.0) -> Path:
    """A 640×480 colour video at 30 fps, looking like a camera's: smooth shapes that move, and grain. Motion
    JPEG, as most webcams send (the tests' lossless FFV1 takes several times longer to decode than a
    webcam's frames, which would time the codec, not the sketch)."""
    import cv2
    rng = np.random.default_rng(4)
    y, x = np.mgrid[0:480, 0:640].astype(np.float32)
    path = folder / "webcam.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), VIDEO_FPS, (640, 480))
    for number in range(int(seconds * VIDEO_FPS)):
        phase = number / 10
        frame = np.stack([128 + 90 * np.sin(x / 57 + phase + c) * np.cos(y / 41 - phase) for c in range(3)], axis=2)
        frame += rng.normal(0, 6, frame.shape)
        writer.write(np.clip(frame, 0, 255).astype(np.uint8))
    writer.release()
    return path


def live_frames(quick: bool, log=print) -> list[Figure]:
    """Per scenario: frame to pixels (95th percentile, ≤ 16 ms) and frames on screen a second."""
    figures = []
    seconds = 5 if quick else 12
    with tempfile.TemporaryDirectory() as folder:
        video = webcam_video(Path(folder))
        for number, (name, view, args) in enumerate(SCENARIOS):
            try:
                figures += one_scenario(number, name, view, args, video, seconds, log)
            except Exception as error:   # one that cannot run must not hide the others
                figures.append(Figure(f"camera 640×480, {name}: frame to pixels", "not measured", "—", "—",
                                      f"≤ {FRAME_TO_PIXELS_BUDGET * 1e3:.0f} ms", False,
                                      f"{name}: {type(error).__name__}: {str(error)[:200]}"))
    return figures


def one_scenario(number, name, view, args, video: Path, seconds: float, log) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as screen:
        folder = Path(folder)
        timings = folder / "timings.json"
        sketch = Sketch(screen, ("--camera", str(video), *args), cwd=folder,
                        env={"CONVOLUTION_TIMINGS_FILE": str(timings)}, name=f"camera-{number}")
        try:
            sketch.wait_for_window()
            time.sleep(1.0)
            sketch.focus()
            if "random" in args:
                sketch.xdotool("key", "k")   # a random 5×5 kernel
            time.sleep(seconds)
        finally:
            status = sketch.quit()
        if not timings.exists():
            raise RuntimeError(f"no timings: sketch exited with {status}: {sketch.output()[-300:]}")
        trouble = "Traceback" in sketch.output()
        recorded = json.loads(timings.read_text())
    shown = [(t, n) for t, n in recorded["frames_shown"]]
    start = shown[0][0] + 2.0 if shown else 0.0   # past start-up and the first focusing click
    counted = [(t, n) for t, n in shown if t >= start]
    delays = recorded["frame_to_pixels"][-len(counted):] if counted else []
    p95 = percentile(delays, 0.95)
    span = counted[-1][0] - counted[0][0] if len(counted) > 1 else 0.0
    on_screen = (len(counted) - 1) / span if span else 0.0
    given = (counted[-1][1] - counted[0][1]) / span if span else 0.0
    layout_note = "; a Traceback in its output" if trouble else ""
    log(f"  {name}: frame to pixels p95 {ms(p95)} over {len(delays)} frames; {on_screen:.1f} frames a second "
        f"on screen of {given:.1f} the video gave")
    target = FPS_TARGETS[view]
    return [
        Figure(f"camera 640×480, {name}: frame to pixels, 95th percentile", ms(p95), f"budget "
               f"{FRAME_TO_PIXELS_BUDGET * 1e3:.0f} ms", f"{p95 / FRAME_TO_PIXELS_BUDGET:.2f}×", "≤ 1.00×",
               p95 <= FRAME_TO_PIXELS_BUDGET and not trouble, layout_note.lstrip("; ")),
        Figure(f"camera 640×480, {name}: frames on screen a second ({span:.0f} s)", f"{on_screen:.1f} fps",
               f"the video gave {given:.1f} fps", f"{on_screen / given if given else 0:.2f}×",
               f"≥ {target:.0f} fps", on_screen >= target - 0.5 and not trouble,
               "" if given >= VIDEO_FPS - 1 else f"{name}: the video's own thread gave only {given:.1f} of its "
                                                 f"{VIDEO_FPS} fps (a loaded machine)"),
    ]


def frozen_idle(seconds: float, log=print) -> list[Figure]:
    """CPU of the sketch with its camera frame frozen (space) against the still sketch showing a 640×480
    photo, both open and untouched over the same seconds."""
    from PIL import Image
    with tempfile.TemporaryDirectory() as folder, VirtualScreen() as one, VirtualScreen() as two:
        folder = Path(folder)
        video = webcam_video(folder, 1.0)
        import cv2
        capture = cv2.VideoCapture(str(video))
        _, first = capture.read()
        capture.release()
        Image.fromarray(first[:, :, ::-1]).save(folder / "frame.png")
        frozen = Sketch(one, ("--camera", str(video)), cwd=folder, name="frozen")
        still = Sketch(two, ("--image", str(folder / "frame.png")), cwd=folder, name="still")
        try:
            frozen.wait_for_window()
            still.wait_for_window()
            time.sleep(2.0)
            frozen.focus()
            frozen.xdotool("key", "space")
            time.sleep(3.0)   # past the message's few seconds
            before = frozen.cpu_seconds(), still.cpu_seconds()
            started = time.perf_counter()
            time.sleep(seconds)
            after = frozen.cpu_seconds(), still.cpu_seconds()
            elapsed = time.perf_counter() - started
        finally:
            frozen.stop()
            still.stop()
    used, baseline = ((a - b) / elapsed for a, b in zip(after, before))
    ratio = used / baseline if baseline > 0 else float("inf")
    log(f"  frozen over {elapsed:.0f} s: {100 * used:.2f} % of a core; the still sketch {100 * baseline:.2f} %")
    return [Figure(f"idle CPU, camera frame frozen, 640×480 ({elapsed:.0f} s)", f"{100 * used:.2f} % of a core",
                   f"still sketch, 640×480 photo {100 * baseline:.2f} %", f"{ratio:.2f}×", f"≤ {IDLE_TARGET}×",
                   ratio <= IDLE_TARGET)]


def against_opencv(quick: bool, log=print) -> list[Figure]:
    """filters.convolve (OpenCV's sums behind the checks) and filters.shifted_sums (the lesson's loop over the
    kernel's weights in numpy, as on a machine without OpenCV) against cv2.filter2D with the matching border
    mode, on a grey float32 image of 640×480 and of 760×760, 3×3 and 5×5 full-rank kernels, every border mode;
    the fastest of taking turns."""
    import cv2

    rng = np.random.default_rng(9)
    figures = []
    rounds = 12 if quick else 40

    for height, width in ((480, 640), (760, 760)):
        image = rng.uniform(0, 255, (height, width)).astype(np.float32)
        for size in (3, 5):
            kernel = rng.uniform(-1, 1, (size, size))
            for edges in filters.EDGE_MODES:
                theirs, how = opencv_filter(cv2, image, kernel, edges)
                contenders = {"ours": lambda: filters.convolve(image, kernel, edges),
                              "numpy": lambda: filters.shifted_sums(image, kernel, edges), "opencv": theirs}
                same = all(agrees(contenders[name](), theirs(), kernel, edges) for name in ("ours", "numpy"))
                best = interleaved_min(contenders, rounds)
                ratio, alone = best["ours"] / best["opencv"], best["numpy"] / best["opencv"]
                label = f"convolve {width}×{height} {size}×{size} random, {edges}"
                wrong = "" if same else " — RESULTS DIFFER"
                figures.append(Figure(f"{label}: filters.convolve vs OpenCV{wrong}", ms(best["ours"]),
                                      f"cv2.filter2D {ms(best['opencv'])}", f"{ratio:.1f}×",
                                      f"≤ {OPENCV_TARGET:.0f}×", same and ratio <= OPENCV_TARGET, how))
                figures.append(Figure(f"{label}: the lesson's loop alone (shifted_sums) vs OpenCV{wrong}",
                                      ms(best["numpy"]), f"cv2.filter2D {ms(best['opencv'])}", f"{alone:.1f}×",
                                      "information", None if same else False))
                log(f"  {label}: filters.convolve {ms(best['ours'])}, shifted_sums {ms(best['numpy'])}, "
                    f"OpenCV {ms(best['opencv'])}")
    return figures


def frame_computation(quick: bool, log=print) -> list[Figure]:
    """The sketch's own part of frame to pixels, without Java: a new 640×480 colour frame through
    Session.show_frame (every number computed from it) and the repaint's pixels, drawn onto the tests'
    recording stand-in for py5 (so py5's copy into the window is not in it), in a 1920×1080 window."""
    from convolution.app.options import prepare
    from convolution.app.session import Session
    from convolution.app.window import Sketch as Window
    from convolution.files.camera import Frame
    from tests.helpers.screen_check import recording_canvas
    figures = []
    rng = np.random.default_rng(2)
    pictures = [rng.integers(0, 256, (480, 640, 3), dtype=np.uint8) for _ in range(4)]
    with tempfile.TemporaryDirectory() as folder:
        video = webcam_video(Path(folder), 0.2)
        for name, _, args in SCENARIOS:
            options = prepare(["--camera", str(video), *args])
            options.camera.close()
            session = Session(options.state, options.view)
            session.window = (1920, 1080)
            session.layout = session.make_layout()
            window = Window(session)
            window.canvas = recording_canvas(1920, 1080)[0]
            if "random" in args:
                from convolution.state import demo
                demo.toggle_random_size(options.state)
            times = []
            for number in range(40 if quick else 150):
                started = time.perf_counter()
                session.show_frame(Frame(pictures[number % 4], number + 1))
                window.paint(session.frame())
                times.append(time.perf_counter() - started)
            p95 = percentile(times[5:], 0.95)
            log(f"  {name}, computing only: p95 {ms(p95)}")
            figures.append(Figure(f"camera 640×480, {name}: frame to pixels without py5's copy, 95th percentile",
                                  ms(p95), f"budget {FRAME_TO_PIXELS_BUDGET * 1e3:.0f} ms",
                                  f"{p95 / FRAME_TO_PIXELS_BUDGET:.2f}×", "≤ 1.00×", p95 <= FRAME_TO_PIXELS_BUDGET))
    return figures
