"""Users and items behind a JWT login."""
