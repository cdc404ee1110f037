"""Who may change what: the write rule, pure (no Streamlit), used by the app and the ETL alike.

Every write (an upload, a Kolada fetch, a KPI added, an insatser edit) needs a `Writer`:

- **Sign-in configured** (`[auth]` in `.streamlit/secrets.toml`): only a signed-in user whose e-mail
  is listed in `[lagesbild.editors]` (e-mail -> a list of kommun codes, or "*" for every kommun),
  and only for those kommuner. A visitor who is not signed in, or not listed, changes nothing.
- **No sign-in configured**: one person on their own computer. The app grants writes only to a
  connection that can only be that person's: the server listens on loopback only (127.0.0.1,
  ::1 or localhost), the browser reaches it directly (no proxy's forwarding headers) under a
  loopback host name (so a web page cannot reach it through DNS rebinding). Anyone else reads only.

What a write touches is checked against the writer's kommuner: a kommun's own rows and its areas
(`<kommun>-<area>`); län and riket rows, which every kommun compares itself with, need "*" unless
they come from the official source (the Kolada fetch).
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lagesbild.errors import AccessError, ConfigError

ALL = "*"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
FORWARDING_HEADERS = ("x-forwarded-for", "x-forwarded-host", "forwarded", "x-real-ip")


@dataclass(frozen=True)
class Writer:
    """Someone allowed to write: `user` goes into every audit record; `kommuner` None means all."""
    user: str
    kommuner: frozenset[str] | None = None

    @property
    def everything(self) -> bool:
        return self.kommuner is None

    def may_edit(self, kommun: str) -> bool:
        return self.kommuner is None or kommun in self.kommuner

    def check(self, geo_codes: Iterable[str], official: bool = False) -> None:
        """Refuse (AccessError) a write that would change rows outside the writer's kommuner.

        `official`: the rows come from the official source (Kolada's API), so län and riket rows
        may change with them."""
        if self.kommuner is None:
            return
        outside = set()
        for code in geo_codes:
            kommun = owner(code)
            if kommun is None:
                if not official:
                    outside.add(code)
            elif kommun not in self.kommuner:
                outside.add(kommun)
        if outside:
            shown = sorted(outside)
            listed = ", ".join(shown[:5]) + (f" (+{len(shown) - 5})" if len(shown) > 5 else "")
            mine = ", ".join(sorted(self.kommuner)) or "–"
            raise AccessError(
                f"{self.user} får ändra uppgifter för {mine}, men ändringen gäller också {listed}. Inget ändrades.",
                f"{self.user} may change data for {mine}, but the change also touches {listed}. Nothing was changed.")


def owner(geo_code: str) -> str | None:
    """The kommun a geo code belongs to: itself, or an area's kommun; None for län and riket."""
    code = str(geo_code)
    if len(code) == 4 and code.isdigit() and code != "0000":
        return code
    if len(code) > 5 and code[:4].isdigit() and code[4] == "-":
        return code[:4]
    return None


@dataclass(frozen=True)
class Connection:
    """What the server knows about a browser's connection (from Streamlit's options and headers)."""
    server_address: str | None
    client_ip: str | None          # None: loopback (Streamlit hides those) or unknown
    headers: Mapping[str, str]


def is_loopback(address: str | None) -> bool:
    if not address:
        return False
    host = address.strip().strip("[]")
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    host = host.strip()
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def local_only(conn: Connection) -> bool:
    """A connection that can only come from the computer the server runs on, not through a proxy."""
    headers = {k.casefold(): v for k, v in conn.headers.items()}
    return (is_loopback(conn.server_address)
            and (conn.client_ip is None or is_loopback(conn.client_ip))
            and not any(h in headers for h in FORWARDING_HEADERS)
            and is_loopback(_host_name(headers.get("host", ""))))


def editors(config: Mapping) -> dict[str, frozenset[str] | None]:
    """`[lagesbild.editors]`: e-mail -> kommun codes (a list, or "*" for all), e-mails compared
    without case. A malformed entry is a ConfigError naming it."""
    out: dict[str, frozenset[str] | None] = {}
    for email, kommuner in dict(config).items():
        if kommuner == ALL or kommuner == [ALL]:
            out[str(email).strip().casefold()] = None
            continue
        codes = [str(k).strip() for k in kommuner] if isinstance(kommuner, (list, tuple)) else None
        if not codes or not all(len(c) == 4 and c.isdigit() for c in codes):
            raise ConfigError(
                f"secrets.toml, [lagesbild.editors] {email}: väntade en lista med fyrsiffriga kommunkoder "
                f"(t.ex. [\"0683\"]) eller \"*\", fick {kommuner!r}.",
                f"secrets.toml, [lagesbild.editors] {email}: expected a list of four-digit municipality codes "
                f"(e.g. [\"0683\"]) or \"*\", got {kommuner!r}.")
        out[str(email).strip().casefold()] = frozenset(codes)
    return out


@dataclass(frozen=True)
class Decision:
    """A writer, or why there is none (`reason`: an i18n key under `write_`)."""
    writer: Writer | None
    reason: str = ""


LOCAL_USER = "lokal användare"


def decide(auth_configured: bool, signed_in: bool, email: str | None, editor_list: Mapping[str, frozenset[str] | None],
           conn: Connection) -> Decision:
    """The write rule (see the module's docstring)."""
    if not auth_configured:
        if local_only(conn):
            return Decision(Writer(LOCAL_USER))
        return Decision(None, "write_not_local")
    if not signed_in:
        return Decision(None, "write_sign_in")
    key = (email or "").strip().casefold()
    if not key or key not in editor_list:
        return Decision(None, "write_not_editor")
    return Decision(Writer(email.strip(), editor_list[key]))

