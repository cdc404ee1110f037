"""Who may change what: the write rule, pure (no Streamlit), used by the app and the ETL alike.

Every write (an upload, a Kolada fetch, a KPI added, an insatser edit) needs a `Writer`:

- **Sign-in configured** (`[auth]` in `.streamlit/secrets.toml`): only a signed-in user whose e-mail
  is listed in `[lagesbild.editors]` (e-mail -> a list of kommun codes, or "*" for every kommun),
  and only for those kommuner. A visitor who is not signed in, or not listed, changes nothing.
- **No sign-in configured**: one person on their own computer. The app grants writes only to a
  connection that can only be that person's: the server listens on loopback only (127.0.0.1,
  ::1 or localhost) and the browser reaches it directly, under a loopback host name and the server's
  own port (so a web page cannot reach it through DNS rebinding). A proxy shows itself by any
  forwarding header or by its own address: the page the browser opened (its `Origin`) is not the
  server's own loopback address and port, as with nginx's default `proxy_pass http://127.0.0.1:PORT`,
  which forwards no header at all. A server that has once been reached through a proxy stays
  read-only (`Connection.proxied`; the app remembers it for the server's lifetime). Anyone else
  reads only.
- **Sign-in** needs an e-mail address the identity provider has verified (`email_verified` true;
  Entra ID, which sends no such claim, vouches with `xms_edov` true), compared with the editors
  list exactly after Unicode normalisation (NFKC) and lower-casing: no case folding, so `STRAßE@…`
  is not `strasse@…`.

What a write touches is checked against the writer's kommuner: a kommun's own rows and its areas
(`<kommun>-<area>`), and its survey's own indicators (`<id>@<kommun>`); län and riket rows, which
every kommun compares itself with, need "*" unless they come from the official source (the Kolada
fetch); so do indicators every kommun shares (the catalogue's, Brå's NTU sheets'). A file's own rows
count, not only those that win the merge: a row of another kommun that a higher-priority source
hides today is refused too.
"""
from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from lagesbild.errors import AccessError, ConfigError

ALL = "*"
# Headers a proxy or CDN adds for the address it forwards (any X-Forwarded-* header counts too).
FORWARDING_HEADERS = frozenset({"forwarded", "via", "x-real-ip", "x-client-ip", "true-client-ip",
                                "cf-connecting-ip", "fastly-client-ip", "x-cluster-client-ip", "x-original-forwarded-for",
                                "x-proxyuser-ip", "client-ip", "x-envoy-external-address"})


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

    def check_indicators(self, indicator_ids: Iterable[str]) -> None:
        """Refuse (AccessError) a write that adds or redefines indicators every kommun shares (title,
        unit, direction …), unless the writer may edit every kommun; a kommun's own are its editors'."""
        if self.kommuner is None:
            return
        shared = sorted(i for i in set(indicator_ids) if indicator_owner(i) not in self.kommuner)
        if shared:
            listed = ", ".join(shared[:5]) + (f" (+{len(shared) - 5})" if len(shared) > 5 else "")
            mine = ", ".join(sorted(self.kommuner)) or "–"
            raise AccessError(
                f"{self.user} får ändra uppgifter för {mine}, men ändringen lägger till eller ändrar indikatorer som alla "
                f"kommuner delar ({listed}: rubrik, enhet eller riktning). Det kräver en redaktör för alla kommuner. "
                "Inget ändrades.",
                f"{self.user} may change data for {mine}, but the change adds or redefines indicators every municipality "
                f"shares ({listed}: title, unit or direction). That needs an editor of every municipality. Nothing was "
                "changed.")


OWN_INDICATOR = "@"   # a survey's own indicator is "<id>@<kommun>": its kommun's, like that kommun's rows


def own_indicator(indicator_id: str, kommun: str) -> str:
    """The id a kommun's survey gives a measure of its own: two kommuner's surveys never share one."""
    return f"{indicator_id}{OWN_INDICATOR}{kommun}"


def indicator_owner(indicator_id: str) -> str | None:
    """The kommun whose own indicator this is (a survey's), or None for one every kommun shares."""
    _, sep, kommun = str(indicator_id).rpartition(OWN_INDICATOR)
    return kommun if sep and owner(kommun) == kommun else None


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
    """What the server knows about a browser's connection (from Streamlit's options and the headers
    of the browser's WebSocket handshake, which always carry its `Origin`)."""
    server_address: str | None
    client_ip: str | None          # None: loopback (Streamlit hides those) or unknown
    headers: Mapping[str, str]
    server_port: int | None = None

    @property
    def _headers(self) -> dict[str, str]:
        return {k.casefold(): v for k, v in self.headers.items()}

    @property
    def proxied(self) -> bool:
        """Whether the connection came through a proxy: a forwarding header, or a browser Origin that is
        not the server's own loopback address and port (nginx's default sends no forwarding header, but
        the page the browser opened was nginx's)."""
        headers = self._headers
        if any(h in FORWARDING_HEADERS or h.startswith("x-forwarded-") for h in headers):
            return True
        origin = _origin_host(headers.get("origin", ""))
        return bool(origin) and not _own_address(origin, self.server_port)

    @property
    def direct(self) -> bool:
        """A browser straight at the server: its Host and Origin both the server's own loopback address and
        port (no Origin: not a browser page, refused too)."""
        headers = self._headers
        return (not self.proxied and _own_address(headers.get("host", ""), self.server_port)
                and _own_address(_origin_host(headers.get("origin", "")), self.server_port))


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


def _split_host(host: str) -> tuple[str, int | None]:
    """'127.0.0.1:8501' -> ('127.0.0.1', 8501); '[::1]:8501' -> ('[::1]', 8501); no port -> None."""
    host = host.strip()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name, port = name + "]", rest[1:] if rest.startswith(":") else ""
    elif host.count(":") == 1:
        name, port = host.split(":")
    else:
        name, port = host, ""
    return name, int(port) if port.isdigit() else None


def _origin_host(origin: str) -> str:
    """The host:port of an Origin header ('http://127.0.0.1:8501'); '' when absent or not a web origin."""
    try:
        parts = urlsplit(origin.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return ""
        default = 443 if parts.scheme == "https" else 80
        return parts.netloc if parts.port else f"{parts.netloc}:{default}"
    except ValueError:
        return ""


def _own_address(host: str, server_port: int | None) -> bool:
    name, port = _split_host(host)
    return is_loopback(name) and server_port is not None and port == server_port


def local_only(conn: Connection) -> bool:
    """A connection that can only come from the computer the server runs on, not through a proxy."""
    return (is_loopback(conn.server_address)
            and (conn.client_ip is None or is_loopback(conn.client_ip))
            and conn.direct)


def email_key(email: str) -> str:
    """An e-mail address as the editors list is matched: NFKC, then lower case (not casefold, which
    would make 'STRAßE@…' and 'strasse@…' one address)."""
    return unicodedata.normalize("NFKC", str(email)).strip().lower()


def editors(config: Mapping) -> dict[str, frozenset[str] | None]:
    """`[lagesbild.editors]`: e-mail -> kommun codes (a list, or "*" for all), e-mails compared by
    `email_key`. A malformed entry is a ConfigError naming it."""
    out: dict[str, frozenset[str] | None] = {}
    for email, kommuner in dict(config).items():
        if kommuner == ALL or kommuner == [ALL]:
            out[email_key(email)] = None
            continue
        codes = [str(k).strip() for k in kommuner] if isinstance(kommuner, (list, tuple)) else None
        if not codes or not all(len(c) == 4 and c.isdigit() for c in codes):
            raise ConfigError(
                f"secrets.toml, [lagesbild.editors] {email}: väntade en lista med fyrsiffriga kommunkoder "
                f"(t.ex. [\"0683\"]) eller \"*\", fick {kommuner!r}.",
                f"secrets.toml, [lagesbild.editors] {email}: expected a list of four-digit municipality codes "
                f"(e.g. [\"0683\"]) or \"*\", got {kommuner!r}.")
        out[email_key(email)] = frozenset(codes)
    return out


@dataclass(frozen=True)
class Decision:
    """A writer, or why there is none (`reason`: an i18n key under `write_`)."""
    writer: Writer | None
    reason: str = ""


LOCAL_USER = "lokal användare"


def verified(claims: Mapping) -> bool:
    """Whether the identity provider vouches for the e-mail claim: `email_verified` true (OpenID
    Connect), or Entra ID's `xms_edov` true (the address's domain is verified by the tenant)."""
    return any(claims.get(key) is True or str(claims.get(key)).lower() == "true" for key in ("email_verified", "xms_edov"))


def decide(auth_configured: bool, signed_in: bool, claims: Mapping | None, editor_list: Mapping[str, frozenset[str] | None],
           conn: Connection, proxy_seen: bool = False) -> Decision:
    """The write rule (see the module's docstring). `claims`: the signed-in user's (e-mail and whether
    it is verified); `proxy_seen`: this server has been reached through a proxy before."""
    if not auth_configured:
        if local_only(conn) and not proxy_seen:
            return Decision(Writer(LOCAL_USER))
        return Decision(None, "write_behind_proxy" if proxy_seen or conn.proxied else "write_not_local")
    if not signed_in:
        return Decision(None, "write_sign_in")
    claims = claims or {}
    email = str(claims.get("email") or "").strip()
    if not email or email_key(email) not in editor_list:
        return Decision(None, "write_not_editor")
    if not verified(claims):
        return Decision(None, "write_not_verified")
    return Decision(Writer(email, editor_list[email_key(email)]))

