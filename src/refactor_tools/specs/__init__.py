"""API contract checks: export the OpenAPI/AsyncAPI documents and diff them against a git ref.

The pure core (`normalize`, `schema_rules`, `openapi_rules`, `asyncapi_rules`) works on
plain dicts; `generate` and `cache` are the adapters to subprocesses and disk, and git is
reached through `refactor_tools.adapters.git`.
"""

from __future__ import annotations

from .api import compare_documents, diff_specs, export_specs, generate_specs
from .generate import SpecGenerationError, canonical_json
from .model import ExportedFile, ExportResult, Finding, SpecDiff, verdict_of
from .render import FORMATS, render
from .settings import SpecsConfig, specs_config

__all__ = [
    "FORMATS",
    "ExportResult",
    "ExportedFile",
    "Finding",
    "SpecDiff",
    "SpecGenerationError",
    "SpecsConfig",
    "canonical_json",
    "compare_documents",
    "diff_specs",
    "export_specs",
    "generate_specs",
    "render",
    "specs_config",
    "verdict_of",
]
