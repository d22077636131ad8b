"""The registry imports a module's service: every importer of it depends on beta."""

import json

from shop.modules.beta import (
    service,
)
