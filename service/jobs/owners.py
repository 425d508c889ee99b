"""Who owns a job: one id per process start, and whether an owner is certainly gone.

An owner id is `host:pid:nonce`. On the same host a dead pid, or our own pid with another
nonce (an earlier start of this process, e.g. pid 1 in a restarted container), is gone; a
live pid may be a sibling worker, and an owner on another host is judged by its lease only.
"""

from __future__ import annotations

import os
import socket
import uuid


def new_owner_id() -> str:
    """host:pid:nonce: unique per process start, even when a container reuses pid 1."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def owner_is_gone(owner: str | None, me: str) -> bool:
    """True when `owner` is certainly not running any more (so its lease can be ignored)."""
    if not owner:
        return True
    if owner == me:
        return False
    host, _, rest = owner.partition(":")
    pid_text, _, _nonce = rest.partition(":")
    my_host, _, my_rest = me.partition(":")
    if host != my_host or not pid_text.isdigit():
        return False  # another machine: only its lease tells
    pid = int(pid_text)
    if str(pid) == my_rest.partition(":")[0]:
        return True  # same pid, different nonce: an earlier start of this process
    return not _pid_alive(pid)


__all__ = ["new_owner_id", "owner_is_gone"]
