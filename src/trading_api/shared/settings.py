"""Settings of one app instance, read from the environment when the app is built."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Mapping

DEFAULT_ACCOUNTS = ("DEMO-ACCOUNT",)


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Configuration of one Trading API instance (TRADING_API.md 2.4)."""

    seed: int = 42
    anchor_date: dt.date | None = None
    stream_interval: float = 0.2
    tick_interval: float = 0.2
    fill_delay: float = 1.0
    accounts: tuple[str, ...] = DEFAULT_ACCOUNTS
    heartbeat_interval: float = 30.0
    max_connection_lifespan: float = 3600.0
    client_queue_size: int = 256
    # How long a client's backlog may stay above client_queue_size before it is closed with 1013.
    overflow_grace: float = 2.0

    def __post_init__(self) -> None:
        if self.anchor_date is None:
            object.__setattr__(self, "anchor_date", dt.datetime.now(dt.timezone.utc).date())
        elif isinstance(self.anchor_date, str):
            object.__setattr__(self, "anchor_date", _parse("anchor_date", self.anchor_date, _parse_date))
        if isinstance(self.accounts, str):
            object.__setattr__(self, "accounts", _parse_accounts(self.accounts, "accounts"))
        else:
            object.__setattr__(self, "accounts", tuple(self.accounts))
        if not self.accounts:
            raise SettingsError("Setting 'accounts' is empty. Give at least one account id.")
        if self.client_queue_size < 1:
            raise SettingsError(
                f"Setting 'client_queue_size' is {self.client_queue_size}. Use a positive integer."
            )
        if not 0 < self.overflow_grace < float("inf"):
            raise SettingsError(
                f"Setting 'overflow_grace' (TRADING_API_WS_OVERFLOW_GRACE) is {self.overflow_grace}. "
                "Use a positive number of seconds."
            )

    @property
    def rest_account(self) -> str:
        """Return the account that REST operations act on."""
        return self.accounts[0]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read settings from `env` (default os.environ); keyword overrides win."""
        source = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, (var, parse) in ENV_VARS.items():
            raw = source.get(var)
            if raw is not None and raw.strip() != "":
                values[name] = _parse(var, raw.strip(), parse)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise SettingsError(
                f"Unknown setting(s) {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
            )
        values.update(overrides)
        return cls(**values)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with some values replaced."""
        return replace(self, **overrides)


def _parse_date(raw: str) -> dt.date:
    return dt.date.fromisoformat(raw)


def _parse_accounts(raw: str, name: str) -> tuple[str, ...]:
    accounts = tuple(a.strip() for a in raw.split(",") if a.strip())
    if not accounts:
        raise SettingsError(f"{name}={raw!r} lists no account. Give comma-separated account ids.")
    return accounts


def _parse(var: str, raw: str, parse: Callable[[str], Any]) -> Any:
    if parse is _parse_accounts:
        return _parse_accounts(raw, var)
    try:
        return parse(raw)
    except ValueError as exc:
        raise SettingsError(f"{var}={raw!r} is not valid: {exc}.") from exc


ENV_VARS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "seed": ("TRADING_API_SEED", int),
    "anchor_date": ("TRADING_API_ANCHOR_DATE", _parse_date),
    "stream_interval": ("TRADING_API_STREAM_INTERVAL", float),
    "tick_interval": ("TRADING_API_TICK_INTERVAL", float),
    "fill_delay": ("TRADING_API_FILL_DELAY", float),
    "accounts": ("TRADING_API_ACCOUNTS", _parse_accounts),
    "heartbeat_interval": ("TRADING_API_WS_HEARTBEAT", float),
    "max_connection_lifespan": ("TRADING_API_WS_MAX_LIFESPAN", float),
    "client_queue_size": ("TRADING_API_WS_QUEUE_SIZE", int),
    "overflow_grace": ("TRADING_API_WS_OVERFLOW_GRACE", float),
}
