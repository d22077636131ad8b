"""pytest plugin of refactor-tools (fixtures that toggle legacy/factory apps)."""
