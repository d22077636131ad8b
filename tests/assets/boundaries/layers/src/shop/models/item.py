"""Models may only import models."""

from shop.models import base
from shop.shared import hub
