"""Test settings: set before `trading_api.main` is imported, because it builds the app at import."""

import os

# Fast, deterministic simulators for the whole test session.
os.environ.setdefault("TRADING_API_SEED", "42")
os.environ.setdefault("TRADING_API_ANCHOR_DATE", "2025-01-15")
os.environ.setdefault("TRADING_API_FILL_DELAY", "0")
os.environ.setdefault("TRADING_API_TICK_INTERVAL", "0.01")
os.environ.setdefault("TRADING_API_STREAM_INTERVAL", "0.01")
os.environ.setdefault("TRADING_API_ACCOUNTS", "DEMO-ACCOUNT,SECOND-ACCOUNT")
