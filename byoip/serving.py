"""What ``ses-byoip serve`` allows, decided without a web server or Textual.

The server (``tui.serve``) asks this module: is the address it listens on this
computer only, which Host and Origin headers a page or a websocket may carry,
what environment a visitor's app process gets, and the words of its start line.
Keeping those rules here lets tests check them without a browser.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

#: What the browser's title (and the start line) says the page is.
PAGE_TITLE = "ses-byoip: the AWS SES BYOIP requirements tour (demo data)"

#: The names a browser on this computer uses for a loopback server.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

#: Variables no visitor's process gets: secrets, and the folders we set ourselves.
_WITHHELD = ("SES_BYOIP_DQS_KEY", "SES_BYOIP_CONFIG", "SES_BYOIP_DRAFTS_DIR", "SES_BYOIP_CACHE_DIR")


def is_loopback(host: str) -> bool:
    """True when listening on ``host`` keeps the server on this computer."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _split_host(netloc: str) -> str:
    """The host part of ``host[:port]`` or ``[v6]:port``, lower case, without brackets."""
    parsed = urllib.parse.urlsplit(f"//{netloc}")
    try:
        return (parsed.hostname or "").lower()
    except ValueError:
        return ""


def host_header_allowed(listen_host: str, host_header: str | None) -> bool:
    """Whether a request naming ``host_header`` may be answered.

    On loopback only loopback names are answered: a web page elsewhere that
    points its own name at 127.0.0.1 (DNS rebinding) gets nothing.  Opened to a
    network with ``--host``, the server can't know every name it is reached by.
    """
    if not host_header:
        return False
    if not is_loopback(listen_host):
        return True
    return is_loopback(_split_host(host_header))


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """Whether a websocket from a page at ``origin`` may start a session.

    Only the tour's own page may: another site open in the same browser must
    not start app processes here.  A client that sends no Origin (not a
    browser page) is allowed; it could send any header it likes anyway.
    """
    if origin is None:
        return True
    parts = urllib.parse.urlsplit(origin)
    same_host = bool(host_header) and parts.netloc.lower() == (host_header or "").lower()
    return parts.scheme in ("http", "https") and same_host


def session_environment(
    base: Mapping[str, str],
    folder: Path,
    config_path: Path | None = None,
    import_root: Path | None = None,
) -> dict[str, str]:
    """The environment of one visitor's app process: every folder inside ``folder``.

    Home, temporary, config, data and cache folders all point into the
    visitor's own folder, so nothing the app writes lands in the host's
    folders and removing ``folder`` removes all of it.  The host's config file
    (if the server read one) is passed on by its path; secrets are withheld.
    ``import_root`` is put first on PYTHONPATH so the app imports the same code
    as the server even when it isn't installed.
    """
    env = {key: value for key, value in base.items() if key not in _WITHHELD}
    env.update(
        HOME=str(folder / "home"),
        TMPDIR=str(folder / "tmp"),
        XDG_CONFIG_HOME=str(folder / "home" / "config"),
        XDG_DATA_HOME=str(folder / "home" / "data"),
        XDG_CACHE_HOME=str(folder / "home" / "cache"),
        XDG_STATE_HOME=str(folder / "home" / "state"),
        SES_BYOIP_DRAFTS_DIR=str(folder / "drafts"),
        SES_BYOIP_CACHE_DIR=str(folder / "cache"),
    )
    if config_path is not None:
        env["SES_BYOIP_CONFIG"] = str(config_path)
    if import_root is not None:
        rest = base.get("PYTHONPATH")
        env["PYTHONPATH"] = str(import_root) + (f":{rest}" if rest else "")
    return env


def make_session_folders(folder: Path) -> None:
    """The sub-folders ``session_environment`` points at (an app expects them to exist)."""
    for sub in ("home", "tmp", "drafts", "cache"):
        (folder / sub).mkdir(parents=True, exist_ok=True)


def browse_url(host: str, port: int) -> str:
    """Where to point a browser: the name to type, not the wildcard address listened on."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname() or "this-computer"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def start_lines(host: str, port: int, max_sessions: int) -> list[str]:
    """What ``ses-byoip serve`` prints when it is ready: where to go, and any warning."""
    lines = [
        f"Serving the requirements tour (demo data) at {browse_url(host, port)}",
        f"Open that address in a browser; each tab gets its own tour "
        f"(at most {max_sessions} at a time). Ctrl+C stops the server.",
    ]
    if not is_loopback(host):
        lines.insert(
            0,
            f"Warning: listening on {host}, so anyone who can reach this computer on port "
            f"{port} can open the tour and start an app process here. It serves only the demo "
            "(sample data, nothing from your drafts); use it on a network you trust, and leave "
            "out --host to keep it to this computer.",
        )
    return lines
