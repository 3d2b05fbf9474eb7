"""The numbers beneath filters.py: the fast convolution engine, and a whole layer of filters at once. Pure numpy."""
