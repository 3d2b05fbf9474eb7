"""Every view is a views.View, and its layouts are views.Layout: the names the sketch takes from a view are there."""

import inspect

import pytest

from convolution.app.options import prepare
from convolution.screen import views
from convolution.screen.geometry import Rect, Sizes
from convolution.screen.views.protocol import Layout, View
from convolution.state import demo

METHODS = [name for name, member in vars(View).items() if inspect.isfunction(member) and not name.startswith("_")]
CONSTANTS = {name: kind for name, kind in View.__annotations__.items()}


def parameters(function, drop_self=False):
    names = list(inspect.signature(function).parameters)
    return names[1:] if drop_self else names


def test_the_views_are_the_state_s_view_names_in_order():
    assert tuple(views.VIEWS) == demo.VIEW_NAMES


@pytest.mark.parametrize("name", demo.VIEW_NAMES)
def test_a_view_module_has_every_name_of_the_protocol_with_its_parameters(name):
    module = views.VIEWS[name]
    assert module.NAME == name
    for constant, kind in CONSTANTS.items():
        assert isinstance(getattr(module, constant), {"str": str, "int": int}[kind]), constant
    for method in METHODS:
        assert parameters(getattr(module, method)) == parameters(getattr(View, method), drop_self=True), method


@pytest.mark.parametrize("name", demo.VIEW_NAMES)
def test_a_view_s_layout_has_what_every_layout_has(name):
    state = prepare(["--view", name]).state
    module = views.VIEWS[name]
    module.prepare(state)
    layout = module.layout_for(state, None)
    for field in (name for name, member in vars(Layout).items() if isinstance(member, property)):
        value = getattr(layout, field)
        expected = {"source": Rect, "sizes": Sizes}.get(field, int)
        assert isinstance(value, expected), (field, value)
    # Layout.scale means one thing in every view: the input drawing's pixels are scale×scale.
    height, width = state.image.shape[:2]
    assert (layout.source.w, layout.source.h) == (width * layout.scale, height * layout.scale)


@pytest.mark.parametrize("name", demo.VIEW_NAMES)
def test_scale_asks_for_the_drawing_s_scale_in_every_view(name):
    state = prepare(["--view", name]).state
    layout = views.VIEWS[name].layout_for(state, None, 3)
    assert layout.scale == 3 and layout.source.w == 28 * 3
