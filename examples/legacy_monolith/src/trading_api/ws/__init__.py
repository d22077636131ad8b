"""WebSocket routers of the Trading API (served through `plugins.ws_adapter`)."""
