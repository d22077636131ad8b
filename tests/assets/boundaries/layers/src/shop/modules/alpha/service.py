"""Alpha's service."""

VALUE = 1
