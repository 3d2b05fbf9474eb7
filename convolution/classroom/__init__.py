"""For the classroom: lesson plans stepped with a clicker, and GIF clips for slides."""
