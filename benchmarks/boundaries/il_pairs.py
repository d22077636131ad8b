"""Print import-linter's violating (importer, imported) pairs as JSON (run in the bench venv)."""

from __future__ import annotations

import itertools
import json
import sys

from importlinter import configuration
from importlinter.application.use_cases import _register_contract_types, create_report, read_user_options


def main() -> None:
    """Run the contracts of the cwd's config; print sorted [importer, imported] pairs."""
    configuration.configure()
    options = read_user_options()
    _register_contract_types(options)  # what lint-imports does before create_report
    report = create_report(options)
    pairs = set()
    for _contract, check in report.get_contracts_and_checks():
        for dependency in check.metadata.get("invalid_chains", []):
            for chain in dependency["chains"]:
                links = chain["chain"]
                heads = [links[0]["importer"]] + [link["importer"] for link in chain["extra_firsts"]]
                tails = [links[-1]["imported"]] + [link["imported"] for link in chain["extra_lasts"]]
                pairs.update(itertools.product(heads, tails))
    json.dump(sorted(pairs), sys.stdout)


if __name__ == "__main__":
    main()
