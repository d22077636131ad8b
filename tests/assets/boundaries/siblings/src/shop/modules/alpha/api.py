"""Alpha's API reaches into beta (absolute, multi-line)."""

import os

from shop.modules.beta.service import (
    BetaService,
    make_beta,
)
