"""Use cases: the one API that gui/ and cli.py call. Each owns its transaction."""
