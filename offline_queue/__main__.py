import sys

from offline_queue.cli import main

sys.exit(main())
