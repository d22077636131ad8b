"""A sibling plugin: importing it is a violation."""

from shop.plugins import alpha
