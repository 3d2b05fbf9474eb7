"""The sketch's views, one module each: what is on screen, where, and what a mouse click on it does.

A view module provides NAME, make_layout(image_w, image_h, scale), draw(),
draw_pointing() and the mouse functions (see views/filter.py, the first
one). The sketch switches between the views listed here.
"""

from views import filter as filter_view

# The views in the order the view key cycles them; --view takes these names.
VIEWS = {module.NAME: module for module in (filter_view,)}
