"""Allow ``python -m eolscan``."""

from eolscan.cli import main

main()
