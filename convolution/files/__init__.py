"""Files in and out: images and Quick Draw bitmaps, the bundled files, new files that never overwrite."""
