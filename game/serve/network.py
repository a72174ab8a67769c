"""Address checks made before the server starts, so mistakes get a sentence, not a traceback."""

from __future__ import annotations

import errno
import ipaddress
import socket


class AddressProblem(Exception):
    """The host or port cannot be served on; the message says what to do."""


def is_loopback(host: str) -> bool:
    """True when every address `host` names is on this machine only (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos
    )


def check_can_bind(host: str, port: int) -> None:
    """Bind and release (host, port) the way aiohttp will, or raise AddressProblem saying why.

    aiohttp would report the same failures as an OSError traceback after printing that it
    is serving; checking first lets `deniable serve` say what went wrong and what to try.
    """
    if not 0 < port < 65536:
        raise AddressProblem(f"Port {port} is not a port number: pick one from 1 to 65535.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise AddressProblem(
            f"Cannot serve on {host!r}: {error.strerror}. "
            "Use an address of this machine, such as 127.0.0.1 (the default)."
        ) from None
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            # aiohttp sets SO_REUSEADDR on Unix too, so a port left in TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                raise AddressProblem(explain(error, host, port)) from None


def explain(error: OSError, host: str, port: int) -> str:
    """One sentence for a failed bind: what happened and what to do."""
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} is already in use on {host}: another 'deniable serve' or another "
            f"program is listening there. Stop it, or choose another port with --port {port + 1}."
        )
    if error.errno == errno.EACCES:
        return (
            f"Not allowed to listen on port {port} (ports below 1024 need administrator "
            "rights): choose a port such as --port 8000."
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return (
            f"{host} is not an address of this machine: use 127.0.0.1 (the default), "
            "or 0.0.0.0 to accept players from other machines."
        )
    return f"Cannot listen on {host} port {port}: {error.strerror or error}."
