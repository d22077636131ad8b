def items() -> list:
    return []
