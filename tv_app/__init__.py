"""tv_app."""
