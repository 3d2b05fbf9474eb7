"""Training the doodle network: train.py's command line, and training live in a process beside the window."""
