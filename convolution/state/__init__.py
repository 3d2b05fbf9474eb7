"""What the sketch shows and the plain functions that change it, the key table, slow motion and the pen. No py5."""
