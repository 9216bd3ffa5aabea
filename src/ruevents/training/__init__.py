"""Training of ruevents' small learned parts; never imported by the core."""
