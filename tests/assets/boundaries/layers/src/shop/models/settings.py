"""A model importing the root package's config (relative, two levels up)."""

from .. import config
