"""`python -m wpclean`."""
from .cli import main

main()
