"""call_center."""
