"""Create the tables."""

revision = "0001"
