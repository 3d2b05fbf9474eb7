"""Files in and out: images and Quick Draw bitmaps, the files bundled with the sketch, new files that never overwrite."""
