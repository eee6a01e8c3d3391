"""Which addresses a registry's redirect may send a lookup to.

An RDAP server's ``Location`` header is untrusted input.  Followed blindly, a
redirect to ``http://169.254.169.254/`` (a cloud's metadata service), to a
private address or to ``localhost`` turns the lookup into a request inside
the user's own network.  Registries redirect to each other's public HTTPS
servers, so that is all we follow; a lookup whose configured base URL is
itself on loopback (a local mirror, the tests) may also be redirected to
loopback.

Addresses come in many spellings that resolvers accept: ``::ffff:`` mapped
IPv6, decimal (``2852039166``), hex (``0xa9fea9fe``), octal and short forms
(``169.254.43518``); ``literal_address`` reads them all, as the C library does.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def literal_address(host: str) -> Address | None:
    """The address ``host`` spells (in any form a resolver accepts), or None for a name."""
    host = host.strip().strip("[]").rstrip(".")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # an IPv6 zone is not part of it
    except ValueError:
        pass
    if not all(ch.isalnum() or ch == "." for ch in host):
        return None
    try:
        # inet_aton reads what getaddrinfo would: 2852039166, 0xa9fea9fe, 0251.0376.0251.0376.
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def why_not_public(address: Address) -> str | None:
    """Why a lookup must not connect to ``address`` after a redirect (a phrase), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            reason = why_not_public(inner)
            return f"{reason} written as IPv6 ({inner})" if reason else None
    if address.is_loopback:
        return "a loopback address (this computer)"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return None


def is_loopback_host(host: str | None) -> bool:
    """Whether a URL's host is this computer (``localhost``, 127.0.0.0/8, ``::1``)."""
    host = (host or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = literal_address(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and address.is_loopback


def redirect_problem(origin: str, target: str) -> str | None:
    """Why a redirect to ``target`` in a lookup that began at ``origin`` is refused, or None."""
    parts = urllib.parse.urlsplit(target)
    host = (parts.hostname or "").lower()
    if not host:
        return "which names no server"
    if is_loopback_host(urllib.parse.urlsplit(origin).hostname) and is_loopback_host(host):
        return None  # a local mirror (or the tests) redirecting to itself
    if parts.scheme != "https":
        return "which is not HTTPS"
    if host == "localhost" or host.endswith(".localhost"):
        return "which is this computer (localhost)"
    address = literal_address(host)
    if address is not None:
        reason = why_not_public(address)
        if reason:
            return f"which is {reason}"
    return None
