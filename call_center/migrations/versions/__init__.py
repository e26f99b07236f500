"""Migration revisions (a package so wheels ship them)."""
