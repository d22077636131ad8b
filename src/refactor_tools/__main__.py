from refactor_tools.cli import main

main()
