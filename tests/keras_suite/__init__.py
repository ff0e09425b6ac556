"""Keras's own unit tests, ported to statefulrnn's API (issue #12)."""
