"""An app whose settings come from an uncommitted `.env` in the working directory."""
