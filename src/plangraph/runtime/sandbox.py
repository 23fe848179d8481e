"""A second wall behind the query checks: take this process off the network.

:func:`deny_network` moves the calling process into a new network namespace (Linux), where
the only interface is a loopback that is down: every connect fails, whatever the engine
was asked. It needs ``CAP_SYS_ADMIN`` (root) or unprivileged user namespaces; where neither
is available it does nothing and says so (the token checks in :mod:`plangraph.sparql.safety`
stay the first wall). ``PLANGRAPH_NETNS=0`` turns it off (to test the first wall alone).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def enabled() -> bool:
    """Whether the wall is wanted (``PLANGRAPH_NETNS`` is not ``0``) and possible (Linux)."""
    return sys.platform.startswith("linux") and os.environ.get("PLANGRAPH_NETNS", "1") != "0"


def deny_network() -> bool:
    """Leave the network for good (this process only); True if it worked.

    Call it in a single-threaded process (a fresh fork or a worker before it starts
    threads). As root a plain network namespace keeps the file permissions as they were;
    otherwise a user namespace makes it possible without privileges.
    """
    if not enabled():
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))
