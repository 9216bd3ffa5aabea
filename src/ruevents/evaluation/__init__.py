"""Scorers and reports; uses the core, never imported by it."""
