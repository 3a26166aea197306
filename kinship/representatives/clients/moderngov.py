"""Client for a council's ModernGov web service (``/mgWebService.asmx``), the committee system
many councils run.

GET {base}/mgWebService.asmx/GetCouncillorsByWard answers XML::

    <councillorsbyward>
      <wards>
        <ward>
          <wardtitle>Abbey</wardtitle>
          <councillors>
            <councillor>
              <councillorid>123</councillorid>
              <fullusername>Councillor Jane Example</fullusername>
              <politicalpartytitle>Example Party</politicalpartytitle>
              <keyposts>Cabinet Member for Children's Services</keyposts>
              <workaddress><line1>Town Hall</line1>...<postcode/><phone/><mobile/><email/></workaddress>
              <homeaddress>...</homeaddress>
              <termsofoffice><termofoffice><startdate/><enddate>unspecified</enddate></termofoffice></termsofoffice>
            </councillor>
          </councillors>
        </ward>
      </wards>
    </councillorsbyward>

Home addresses are never read: only the published work address is a contact route.
"""

from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET  # noqa: S405 - documents with a DOCTYPE are refused below
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from kinship.representatives import conf
from kinship.representatives.clients.http import RETRY_STATUSES, RetryingClient, retry_after_seconds
from kinship.representatives.names import clean_person_name


class ModernGovError(Exception):
    """The ModernGov web service could not give a usable answer."""


class ModernGovTimeoutError(ModernGovError):
    """The ModernGov web service did not answer in time (after retries)."""


# A whole council's councillors is a few hundred kilobytes; far more is not a ModernGov answer.
MAX_ANSWER_BYTES = 20 * 1024 * 1024


def profile_url(base_url: str, councillor_id: str) -> str:
    """A councillor's public page on the council's ModernGov site."""
    return f"{base_url.rstrip('/')}/mgUserInfo.aspx?UID={councillor_id}"


@dataclass(frozen=True)
class Councillor:
    id: str
    name: str
    party: str
    key_posts: tuple[str, ...] = field(default_factory=tuple)
    email: str = ""
    phone: str = ""
    postal_address: str = ""


@dataclass(frozen=True)
class Ward:
    title: str
    councillors: tuple[Councillor, ...]


_KEYPOST_SPLIT = re.compile(r"<br\s*/?>|\r?\n|;|\|", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def split_key_posts(text: str) -> tuple[str, ...]:
    """'Leader of the Council<br />Chair of Cabinet' → ('Leader of the Council', 'Chair of Cabinet')."""
    text = html.unescape(text or "")
    parts = (_TAGS.sub(" ", part) for part in _KEYPOST_SPLIT.split(text))
    return tuple(" ".join(p.split()) for p in parts if p.strip())


def _find(element: ET.Element, path: str) -> str:
    found = element.find(path)
    if found is None:
        return ""
    return " ".join("".join(found.itertext()).split())


def _key_posts_text(element: ET.Element | None) -> str:
    """Key posts as text, one per line: councils use escaped "<br />", real <br/> or new lines."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "\n".join(parts)


def parse_councillors_by_ward(content: bytes) -> list[Ward]:
    """Parse a GetCouncillorsByWard answer (pure: no network)."""
    head = content[:2048].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise ModernGovError("refusing an XML answer with a DOCTYPE or entities")
    try:
        root = ET.fromstring(content)  # noqa: S314 - entity declarations refused above
    except ET.ParseError as exc:
        raise ModernGovError(f"the answer was not valid XML: {exc}") from exc
    if root.tag.lower() != "councillorsbyward":
        raise ModernGovError(f"unexpected XML root <{root.tag}>")
    wards: list[Ward] = []
    for ward in root.iter("ward"):
        title = _find(ward, "wardtitle")
        if not title:
            continue  # some councils publish placeholder rows
        councillors = []
        for c in ward.iter("councillor"):
            cid = _find(c, "councillorid")
            name = clean_person_name(_find(c, "fullusername"))
            if not cid or not name:
                continue
            work = c.find("workaddress")
            lines: list[str] = []
            email = phone = ""
            if work is not None:
                lines = [_find(work, f"line{i}") for i in range(1, 6)]
                lines.append(_find(work, "postcode"))
                email = _find(work, "email").lower()
                phone = _find(work, "phone") or _find(work, "mobile")
            keyposts_text = _key_posts_text(c.find("keyposts"))
            councillors.append(
                Councillor(
                    id=cid,
                    name=name,
                    party=_find(c, "politicalpartytitle"),
                    key_posts=split_key_posts(keyposts_text),
                    email=email if "@" in email else "",
                    phone=phone,
                    postal_address="\n".join(line for line in lines if line),
                )
            )
        wards.append(Ward(title=title, councillors=tuple(councillors)))
    return wards


class ModernGovClient(RetryingClient):
    """One council's ModernGov web service, with explicit timeouts and bounded retries."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        backoff: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        if self.base_url.lower().endswith("/mgwebservice.asmx"):
            self.base_url = self.base_url[: -len("/mgwebservice.asmx")]
        super().__init__(
            timeout=conf.moderngov_timeout() if timeout is None else timeout,
            max_retries=conf.moderngov_max_retries() if max_retries is None else max_retries,
            backoff=conf.http_backoff_seconds() if backoff is None else backoff,
            sleep=sleep,
            transport=transport,
            accept="text/xml, application/xml",
            follow_redirects=True,
        )

    def profile_url(self, councillor_id: str) -> str:
        return profile_url(self.base_url, councillor_id)

    def _read(self, url: str, deadline: float) -> tuple[int, bytes, str | None]:
        """One GET, the body read in chunks: gives up at `deadline` (monotonic seconds) however
        slowly a site trickles its answer, so a stalling site cannot hold a whole-country run."""
        with self._http.stream("GET", url) as response:
            if response.status_code != 200:
                return response.status_code, b"", response.headers.get("Retry-After")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_ANSWER_BYTES:
                    raise ModernGovError(f"the answer is larger than {MAX_ANSWER_BYTES // 1024 // 1024} MB")
                if time.monotonic() > deadline:
                    raise ModernGovTimeoutError("still answering at the deadline")
            return 200, bytes(body), None

    def _attempt(self, url: str, deadline: float) -> tuple[bytes | None, ModernGovError, float | None]:
        """(body, _, _) on success, else (None, the error, seconds the site asked us to wait)."""
        try:
            status, body, retry_after = self._read(url, deadline)
        except httpx.TimeoutException as exc:
            return None, ModernGovTimeoutError(f"timed out after {self._http.timeout.read}s: {exc}"), None
        except httpx.TransportError as exc:
            return None, ModernGovError(f"could not connect: {exc}"), None
        if status == 200:
            return body, ModernGovError(""), None
        error = ModernGovError(f"HTTP {status}")
        if status not in RETRY_STATUSES:
            raise error
        return None, error, retry_after_seconds(retry_after)

    def councillors_by_ward(self, *, deadline_seconds: float | None = None) -> list[Ward]:
        """Every ward and its councillors. Retries 429/5xx, timeouts and dropped connections a
        bounded number of times, all within `deadline_seconds` if given."""
        url = f"{self.base_url}/mgWebService.asmx/GetCouncillorsByWard"
        deadline = time.monotonic() + (deadline_seconds if deadline_seconds is not None else 1e9)
        attempt = 0
        while True:
            body, error, wait = self._attempt(url, deadline)
            if body is not None:
                return parse_councillors_by_ward(body)
            pause = wait if wait is not None else self.backoff * (2**attempt)
            if attempt >= self.max_retries or time.monotonic() + pause >= deadline:
                raise type(error)(f"GetCouncillorsByWard: {error}")
            self._sleep(pause)
            attempt += 1
