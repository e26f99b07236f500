"""shared_ui."""
