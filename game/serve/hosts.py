"""Which Host and Origin headers the server answers, so other web sites cannot drive it.

A page on another site could open `/ws` and press keys in a player's game (it once deleted
a named save that way), and a site whose name is made to resolve to 127.0.0.1 (DNS
rebinding) could read the page as if it were its own. So the server answers only the
host names it was started for, and takes a websocket only from a page it served itself.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def split_host(header: str) -> tuple[str, int | None]:
    """`name:port` or `[v6]:port` from a Host header, as (lowercase name, port or None);
    ("", None) when it cannot be a host."""
    try:
        parts = urlsplit(f"//{header}")
        name, port = parts.hostname, parts.port
    except ValueError:
        return "", None
    if not name or any(c in header for c in "/?#@\\ "):
        return "", None
    return name.lower().rstrip("."), port


class HostPolicy:
    """The names a server listening on `host` answers to.

    IP addresses in the Host header are always answered (no one can rebind an address);
    names only when they are this machine's own: localhost, the name given to --host and,
    when listening on every address, this computer's host name.
    """

    def __init__(self, host: str, extra_names: tuple[str, ...] = ()):
        names = set(LOCAL_NAMES) | {name.lower().rstrip(".") for name in extra_names}
        if host not in WILDCARDS and not _is_ip_literal(host):
            names.add(host.lower().rstrip("."))
        if host in WILDCARDS:
            hostname = socket.gethostname().lower()
            names |= {hostname, socket.getfqdn(hostname).lower()}
        self.names = frozenset(name for name in names if name)

    def allows_host(self, header: str | None) -> bool:
        """True when the request's Host header names this server."""
        if not header:
            return False
        name, _ = split_host(header)
        return bool(name) and (_is_ip_literal(name) or name in self.names)

    def allows_origin(self, origin: str | None, host_header: str | None, scheme: str) -> bool:
        """True when a websocket's Origin is the page this server served at that Host.

        Browsers always send Origin on a websocket; a missing one is refused too.
        """
        if not origin or not self.allows_host(host_header):
            return False
        try:
            parts = urlsplit(origin)
            origin_host = (parts.hostname or "").lower().rstrip(".")
            origin_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        except ValueError:
            return False
        host_name, host_port = split_host(host_header or "")
        host_port = host_port or {"http": 80, "https": 443}.get(scheme)
        return (
            parts.scheme == scheme
            and origin_host == host_name
            and origin_port == host_port
            and not parts.path.strip("/")
        )
