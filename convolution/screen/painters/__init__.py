"""The two painters of a scene (screen/scene.py): the window's, through py5 (window.py), and an offscreen
one in Pillow (offscreen.py) for --save without a display, GIF clips and tests. Painters only paint."""
