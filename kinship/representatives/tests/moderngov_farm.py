"""A farm of fake ModernGov sites: one real HTTP server on 127.0.0.1 serving many councils'
`GetCouncillorsByWard` in the real XML shape (escaped `<br />` between key posts, empty
elements, home addresses that must be ignored), each site under its own path, with faults:
HTTP 500, broken XML, a stall past the client's timeout, 404. Used by the tests and by
`bench/moderngov_sync.py`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

WS_PATH = "/mgWebService.asmx/GetCouncillorsByWard"


@dataclass
class FarmCouncillor:
    id: str
    name: str  # as the site writes it, e.g. "Councillor Siân Evans"
    party: str = "Independent"
    key_posts: tuple[str, ...] = ()
    email: str = ""


@dataclass
class Site:
    wards: list[tuple[str, list[FarmCouncillor]]] = field(default_factory=list)
    fault: str = ""  # "", "500", "404", "broken", "stall", "trickle"
    stall_seconds: float = 30.0

    def xml(self) -> bytes:
        return councillors_by_ward_xml(self.wards).encode()


def _councillor_xml(c: FarmCouncillor) -> str:
    # Key posts as ModernGov sends them: titles joined by an escaped "<br />".
    key_posts = "&lt;br /&gt;".join(escape(title) for title in c.key_posts)
    return f"""
        <councillor>
          <councillorid>{c.id}</councillorid>
          <fullusername>{escape(c.name)}</fullusername>
          <photosmallurl />
          <photobigurl />
          <politicalpartytitle>{escape(c.party)}</politicalpartytitle>
          <politicalgrouptitle />
          <districttitle />
          <representing />
          <keyposts>{key_posts}</keyposts>
          <workaddress>
            <line1>County Hall</line1><line2 /><line3 /><line4 /><line5 />
            <postcode>ZZ1 1ZZ</postcode><phone>01632 960{int(c.id) % 1000:03d}</phone><mobile /><fax />
            <email>{escape(c.email)}</email>
          </workaddress>
          <homeaddress>
            <line1>{int(c.id) % 97} Private Road</line1><line2 /><line3 /><line4 /><line5 />
            <postcode>ZZ9 9ZZ</postcode><phone>07700 900{int(c.id) % 1000:03d}</phone><mobile /><fax />
            <email>home{c.id}@example.net</email>
          </homeaddress>
          <termsofoffice>
            <termofoffice><startdate>04/05/2023</startdate><enddate>unspecified</enddate></termofoffice>
          </termsofoffice>
        </councillor>"""


def councillors_by_ward_xml(wards: list[tuple[str, list[FarmCouncillor]]]) -> str:
    parts = []
    for title, people in wards:
        body = "".join(_councillor_xml(c) for c in people)
        parts.append(
            f"<ward><wardtitle>{escape(title)}</wardtitle><councillors>"
            f"<councillorcount>{len(people)}</councillorcount>{body}</councillors></ward>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<councillorsbyward><wards>'
        + "".join(parts)
        + "<ward><wardtitle /><councillors /></ward></wards></councillorsbyward>"
    )


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        farm: Farm = self.server.farm  # type: ignore[attr-defined]
        slug, _, rest = self.path.lstrip("/").partition("/")
        with farm._lock:
            farm.hits[slug] = farm.hits.get(slug, 0) + 1
        site = farm.sites.get(slug)
        if site is None or "/" + rest != WS_PATH or site.fault == "404":
            return self._send(404, b"<html><body>Not found</body></html>", "text/html")
        if site.fault == "500":
            return self._send(500, b"<html><body>Server Error</body></html>", "text/html")
        if site.fault == "stall":
            farm._stop.wait(site.stall_seconds)
        body = site.xml()
        if site.fault == "trickle":
            return self._trickle(body)
        if site.fault == "broken":
            body = body[: len(body) // 2]
        self._send(200, body, "text/xml; charset=utf-8")

    def _trickle(self, body: bytes) -> None:
        """A byte at a time, each within any read timeout: only an overall deadline stops it."""
        farm: Farm = self.server.farm  # type: ignore[attr-defined]
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                if farm._stop.wait(0.05):
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Farm:
    """Sites by slug: `farm.sites["hartlepool"] = Site(...)`; `farm.url("hartlepool")` is its base."""

    def __init__(self) -> None:
        self.sites: dict[str, Site] = {}
        self.hits: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.farm = self  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, slug: str) -> str:
        return f"{self.base}/{slug}"

    def close(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def moderngov_farm() -> Iterator[Farm]:
    farm = Farm()
    farm.thread.start()
    try:
        yield farm
    finally:
        farm.close()
        time.sleep(0)  # let stalled handlers see the stop event


def registry_csv(rows: list[tuple[str, str, str, str]]) -> str:
    """A registry file (the shared file's columns) for (gss_code, official_name, cms, base_url) rows."""
    lines = ["gss_code,local_authority_code,official_name,councillors_cms,councillors_base_url"]
    lines.extend(f'{code},,"{name}",{cms},{url}' for code, name, cms, url in rows)
    return "\n".join(lines) + "\n"


# Lead member titles in the forms councils use, given out in turn (the decoys go to others).
LEAD_TITLES = (
    "Cabinet Member for Children’s Services",
    "Lead Member for Children and Families",
    "Portfolio Holder for Children, Young People and Families",
    "Executive Councillor for Children's Services",
    "Deputy Leader and Cabinet Member for Children & Young People",
    "Executive Member for Children's Social Care (Statutory Lead Member)",
)
DECOYS = (
    "Deputy Cabinet Member for Children",
    "Chair of Children and Young People Scrutiny Committee",
    "Opposition Spokesperson for Children",
)
FIRST_NAMES = (
    "Siân",
    "Llŷr",
    "Zoë",
    "Aoife",
    "José",
    "Chloé",
    "Rhys",
    "Mary",
    "Tom",
    "Priya",
    "Kwame",
    "Anne-Marie",
)


def as_moderngov_writes(name: str, n: int) -> str:
    """A ward name as a ModernGov site might title it: "&" for "and", "St." for "St", a "Ward" suffix."""
    title = name.replace(" and ", " & ") if n % 3 == 0 else name
    title = title.replace("St ", "St. ") if n % 2 == 0 else title
    return f"{title} Ward" if n % 4 == 1 else title


def site_for_council(ward_names: list[str], *, seed: int, people_per_ward: int = 3) -> Site:
    """A council's site: its wards (titled as ModernGov writes them), a leader, a lead member
    (title variants in turn), a few cabinet members and decoys."""
    wards: list[tuple[str, list[FarmCouncillor]]] = []
    cid = 0
    for n, name in enumerate(ward_names):
        people = []
        for _ in range(people_per_ward):
            cid += 1
            first = FIRST_NAMES[(seed + cid) % len(FIRST_NAMES)]
            people.append(
                FarmCouncillor(
                    id=str(cid),
                    name=f"Councillor {first} Example{seed}x{cid}",
                    party="Labour & Co-operative" if cid % 2 else "Independent",
                    email=f"cllr{cid}@council{seed}.example.org",
                )
            )
        wards.append((as_moderngov_writes(name, n), people))
    everyone = [c for _, people in wards for c in people]
    if everyone:
        everyone[0].key_posts = ("Leader of the Council",)
    if len(everyone) > 1:
        everyone[1].key_posts = (LEAD_TITLES[seed % len(LEAD_TITLES)], "Chair of Corporate Parenting Panel")
    for k, c in enumerate(everyone[2:8]):
        c.key_posts = (f"Cabinet Member for Portfolio {k}",) if k % 2 else (DECOYS[k // 2 % len(DECOYS)],)
    return Site(wards=wards)
