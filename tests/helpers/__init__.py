"""What the tests share: paths, running the sketch, reading its pixels, references to compare with."""
