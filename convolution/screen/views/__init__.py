"""The sketch's views, one module each: what is on screen, where, and what a mouse click on it does.

Every view module is a ``View`` (protocol.py lists what it provides; see
filter.py, the first one). The sketch switches between the views listed here.
"""

from __future__ import annotations

from typing import Any

from convolution.screen.views import filter as filter_view
from convolution.screen.views import layer as layer_view
from convolution.screen.views import network as network_view
from convolution.screen.views import teach as teach_view
from convolution.screen.views.protocol import Layout, View

# Each module is a View of its own layout: mypy checks each against the protocol here.
FILTER: View[filter_view.Layout] = filter_view
LAYER: View[layer_view.Layout] = layer_view
NETWORK: View[network_view.Layout] = network_view
TEACH: View[teach_view.Layout] = teach_view

# The views in the order the view key cycles them (demo.VIEW_NAMES); --view takes these names. A view here
# may have any layout type (Any): whoever holds a view holds the layout its layout_for made with it.
VIEWS: dict[str, View[Any]] = {view.NAME: view for view in (FILTER, LAYER, NETWORK, TEACH)}

__all__ = ["VIEWS", "Layout", "View"]
