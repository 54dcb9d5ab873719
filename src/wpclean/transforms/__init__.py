"""The transforms, one per module; `registry.py` holds their order."""
