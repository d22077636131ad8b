"""Still checked."""

from shop.modules.beta import thing
