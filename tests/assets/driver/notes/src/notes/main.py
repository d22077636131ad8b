"""The legacy module-global app."""

from notes.factory import create_app

app = create_app()
app.state.kind = "legacy"
