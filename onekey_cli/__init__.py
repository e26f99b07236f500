"""The `onekey` command line: one entry point for every part of the product."""
