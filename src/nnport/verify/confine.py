"""No network in a verify side: an audit hook (sys.addaudithook) installed first thing in the child.

Refused (PermissionError naming --allow-network): creating an AF_INET/AF_INET6 socket, connect /
bind / sendto on any non-AF_UNIX address, and name lookups (getaddrinfo, gethostbyname,
gethostbyaddr, getnameinfo). Loopback is refused too: a local proxy would reach further.
AF_UNIX sockets and pipes keep working (multiprocessing, framework internals). The only socket
use found at import in the frameworks verify runs (torch 2.13, keras 3 + TF 2.21, jax/flax, mxnet)
is urllib3's IPv6 probe (bind to ::1 port 0, pulled in by keras/TF), which catches the error and
sets HAS_IPV6 = False. Not a sandbox: C code (grpc, libcurl, ctypes) and subprocesses do not pass
through Python's audit events; this stops what model files do in Python.
"""
from __future__ import annotations

import socket
import sys

MESSAGE = ("nnport verify: network access is blocked in the verify child process ({what}); "
           "pass --allow-network (allow_network=True) to allow it")
LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo")
ADDRESSED = ("socket.connect", "socket.bind", "socket.sendto")
IP_FAMILIES = {int(socket.AF_INET), int(socket.AF_INET6)}

attempts: list[str] = []      # what was refused, for the side's error message
_installed = False


def _refuse(what: str):
    attempts.append(what)
    raise PermissionError(MESSAGE.format(what=what))


def _is_unix(sock, address) -> bool:
    family = getattr(sock, "family", None)
    return family == socket.AF_UNIX or isinstance(address, (str, bytes))


def hook(event: str, args: tuple) -> None:
    """The audit hook: refuses the socket events above, lets everything else through."""
    if not event.startswith("socket."):
        return
    if event == "socket.__new__" and len(args) > 1 and args[1] in IP_FAMILIES:
        _refuse(f"socket({socket.AddressFamily(args[1]).name})")
    elif event in ADDRESSED and not _is_unix(args[0], args[1]):
        _refuse(f"{event[7:]} to {args[1]!r}")
    elif event in LOOKUPS:
        _refuse(f"{event[7:]}({args[0]!r})")


def install() -> None:
    """Install the hook once (audit hooks cannot be removed: call it in the child only)."""
    global _installed
    if not _installed:
        sys.addaudithook(hook)
        _installed = True


def note() -> str:
    """A line for the side's error: the network accesses refused so far (the model may have
    caught the PermissionError and raised something else)."""
    if not attempts:
        return ""
    return ("network access is blocked in verify (--allow-network to allow it); refused: "
            + "; ".join(dict.fromkeys(attempts)))
