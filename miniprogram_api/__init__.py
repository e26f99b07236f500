"""miniprogram_api."""
