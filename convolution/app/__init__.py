"""The application: the command line and its checks, starting py5 (and Java), and the window's own business."""
