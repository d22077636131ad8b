"""A tiny FastAPI app for the driver's tests."""
