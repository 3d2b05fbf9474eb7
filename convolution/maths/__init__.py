"""Beside filters.py, among the lesson's numbers: a whole layer of filters at once (layer.py). Pure numpy."""
