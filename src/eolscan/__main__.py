"""Allow ``python -m eolscan``."""

from eolscan.cli.main import main

main()
