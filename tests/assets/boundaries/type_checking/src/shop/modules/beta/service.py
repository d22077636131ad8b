"""Beta's service."""


class BetaService:
    pass
