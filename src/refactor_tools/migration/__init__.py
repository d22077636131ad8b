"""Migration-specific actions and the demo: what a plan needs beyond moves and gates."""
