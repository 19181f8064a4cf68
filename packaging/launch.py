"""The frozen app's entry script: the same entry point `facilitator-app` runs from a wheel."""

import sys

from facilitator_app.main import main

if __name__ == "__main__":
    sys.exit(main())
