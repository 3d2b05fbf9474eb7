"""The sketch's views, one module each: what is on screen, where, and what a mouse click on it does.

Every view module is a ``View`` (protocol.py lists what it provides; see
filter.py, the first one). The sketch switches between the views listed here.
"""

from __future__ import annotations

from convolution.screen.views import filter as filter_view
from convolution.screen.views import layer as layer_view
from convolution.screen.views import network as network_view
from convolution.screen.views import teach as teach_view
from convolution.screen.views.protocol import Layout, View

# The views in the order the view key cycles them (demo.VIEW_NAMES); --view takes these names.
VIEWS: dict[str, View] = {module.NAME: module for module in (filter_view, layer_view, network_view, teach_view)}

__all__ = ["VIEWS", "Layout", "View"]
