"""Support code of the `refactor_tools.pytest_plugin`: settings, fixtures and the isolation guard."""
