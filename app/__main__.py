"""`python -m app` runs the `cleanroom` command."""
from .cli import main

main()
