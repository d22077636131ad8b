"""Alpha's API imports only shared code..."""

from shop.shared import tools
from shop.shared import utils
