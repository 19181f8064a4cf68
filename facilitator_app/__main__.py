import sys

from facilitator_app.main import main

sys.exit(main())
