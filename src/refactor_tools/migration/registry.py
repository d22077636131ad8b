"""Named codemods for plan `codemod` actions: name -> "module:function(config, options, dry_run)"."""

CODEMODS = {
    "record-boundaries-baseline": "refactor_tools.migration.record_baseline:run_action",
    "move-files": "refactor_tools.migration.move_files:run_action",
    "tests-use-fixtures": "refactor_tools.codemods.tests_use_fixtures:run_action",
}
