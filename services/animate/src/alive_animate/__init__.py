"""Alive generation engine: turns a photo and a prompt into a short story video.

The Triton model `animate` (see `model_repository/`) is a thin shell around
`alive_animate.engine.Engine`, so everything here is importable and tested
without a server.
"""
