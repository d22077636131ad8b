"""Templates as package data (an __init__ added by move-files)."""
