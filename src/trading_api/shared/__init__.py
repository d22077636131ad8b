"""Always-loaded kernel of the app: module protocol, registry, settings, shared routes."""
