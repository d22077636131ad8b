"""A notes service on one SQLite file: the example of a suite that must run sequentially."""
