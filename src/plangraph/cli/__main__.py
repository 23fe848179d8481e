"""``python -m plangraph.cli``."""

from plangraph.cli.base import main

main()
