"""The sketch's views, one module each: what is on screen, where, and what a mouse click on it does.

A view module provides NAME, SUMMARY, prepare(state), layout_for(state,
scale), draw(), draw_pointing() and the mouse functions mouse_moved,
mouse_pressed, mouse_dragged and mouse_wheel (see views/filter.py, the first
one). The sketch switches between the views listed here.
"""

from convolution.screen.views import filter as filter_view
from convolution.screen.views import layer as layer_view
from convolution.screen.views import network as network_view

# The views in the order the view key cycles them; --view takes these names.
VIEWS = {module.NAME: module for module in (filter_view, layer_view, network_view)}
