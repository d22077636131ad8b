"""Order preview models."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel


class OrderPreviewSectionRow(BaseModel):
    """One titled value of a preview section."""

    title: str
    value: str


class OrderPreviewSection(BaseModel):
    """A group of preview rows."""

    rows: list[OrderPreviewSectionRow]
    header: Optional[str] = None


class OrderPreviewResult(BaseModel):
    """Body returned by previewOrder."""

    sections: list[OrderPreviewSection]
    confirmId: Optional[str] = None
    warnings: Optional[list[str]] = None
    errors: Optional[list[str]] = None
