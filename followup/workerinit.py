"""Imported first by the forkserver that forks extraction workers (see ``batch._PRELOAD``).

Ctrl-C in a terminal reaches the whole process group. The parent stops the batch and ends its
workers; the forkserver and the workers it forks (they inherit this setting) ignore SIGINT, so
no traceback from a helper process reaches the user, even while the forkserver is still
importing its preloaded modules.
"""

from __future__ import annotations

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
