"""Two known violations."""

from shop.modules.beta import service
from shop.modules.beta.api import router
