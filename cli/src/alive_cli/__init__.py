"""The ``alive`` command line."""
