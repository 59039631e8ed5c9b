"""The HTTP(S) source: a list of document URLs (a text file or a URL returning one URL per line,
such as undocs.org links) whose new entries are downloaded into a folder, with timeouts, a size
cap and retries of transient failures only."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPConnection, HTTPException, HTTPResponse, HTTPSConnection
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

from sources.exceptions import DownloadError, DownloadTooLarge, NotAPdfDownload, TransientDownloadError

MANIFEST = ".unwh-downloads.json"  # url -> what was downloaded, kept beside the files
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024
SNIFF_BYTES = 64 * 1024  # how much of a body is looked at to tell a PDF from a page that mentions one
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")  # "1 0 obj": a PDF's first object follows its header
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|\?xml|script)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DownloadPolicy:
    """How hard to try and how much to accept; one object, stored with nothing, passed everywhere."""

    timeout_s: float = 30.0  # per connect and per read
    max_seconds: float = 900.0  # a whole download (wall clock), against servers that drip bytes
    max_bytes: int = 200 * 1024 * 1024
    retries: int = 3  # extra attempts after a transient failure
    backoff_s: float = 2.0  # wait backoff_s * 2**attempt between attempts
    user_agent: str = "unwh/0.1 (UN Reports Warehouse)"

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_seconds <= 0:
            raise ValueError("download timeouts must be positive")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.retries < 0:
            raise ValueError(f"retries must be >= 0, got {self.retries}")


@dataclass(slots=True)
class FetchReport:
    """What one pass over a URL list did."""

    downloaded: list[tuple[str, Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # downloaded by an earlier pass
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


def _is_http(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme in ("http", "https") and bool(urllib.parse.urlsplit(url).netloc)


class _CheckedRedirects(HTTPRedirectHandler):
    """Follow a redirect only to another http(s) URL: every hop is checked, not just the first URL
    (urllib alone would follow one to ftp://)."""

    max_redirections = 5

    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("Location") or headers.get("URI")
        target = urllib.parse.urljoin(req.full_url, location or "")
        if location and not _is_http(target):
            fp.close()
            raise DownloadError(req.full_url, f"redirected (HTTP {code}) to {target[:200]}: not an http(s) URL")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_WATCH = threading.local()  # the deadline of the download attempt under way in this thread


class _Deadline:
    """The wall-clock limit of one download attempt. The sockets the attempt opens are shut down
    when it passes, so a server that drips its status line or headers (which no body loop sees)
    is cut off as surely as one that drips its body."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        self._sockets.append(sock)

    def _expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            with suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        _WATCH.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _WATCH.deadline = None


def _cut_off(url: str, policy: DownloadPolicy, received: int | None = None) -> DownloadError:
    got = f" with {received} bytes received" if received is not None else ""
    return DownloadError(url, f"cut off after {policy.max_seconds:g} s{got}: the server sends too slowly "
                         "(UNWH_HTTP_MAX_SECONDS)")  # fmt: skip


def _watch_socket(sock: socket.socket | None) -> None:
    deadline = getattr(_WATCH, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch_socket(self.sock)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch_socket(self.sock)


class _WatchedHTTP(HTTPHandler):
    def http_open(self, req):
        return self.do_open(_WatchedHTTPConnection, req)


class _WatchedHTTPS(HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_WatchedHTTPSConnection, req, context=self._context)


_OPENER = build_opener(_CheckedRedirects, _WatchedHTTP, _WatchedHTTPS)


@contextmanager
def _opened(url: str, policy: DownloadPolicy) -> Iterator[HTTPResponse]:
    """``_open`` under the attempt's wall-clock limit (``policy.max_seconds``, from connecting to
    the last byte): a connection the limit shut reads as cut off, not as a transient fault."""
    with _Deadline(policy.max_seconds) as deadline:
        try:
            with _open(url, policy) as response:
                yield response
        except TransientDownloadError as exc:
            if deadline.expired:
                raise _cut_off(url, policy) from exc
            raise


def _open(url: str, policy: DownloadPolicy) -> HTTPResponse:
    """Open ``url`` (redirects checked per hop), the failure sorted into transient and terminal."""
    request = Request(url, headers={"User-Agent": policy.user_agent, "Accept": "application/pdf, text/plain, */*"})
    try:
        return _OPENER.open(request, timeout=policy.timeout_s)
    except HTTPError as exc:
        exc.close()
        reason = f"HTTP {exc.code} {exc.reason}"
        if exc.code in TRANSIENT_STATUS:
            raise TransientDownloadError(url, reason) from exc
        raise DownloadError(url, reason) from exc
    except URLError as exc:
        if isinstance(exc.reason, ssl.SSLCertVerificationError):
            raise DownloadError(url, f"TLS certificate rejected: {exc.reason}") from exc
        raise TransientDownloadError(url, f"cannot connect: {exc.reason}") from exc
    except TimeoutError as exc:
        raise TransientDownloadError(url, f"no response within {policy.timeout_s:g} s") from exc
    except (ConnectionError, HTTPException, OSError) as exc:
        raise TransientDownloadError(url, f"connection failed: {exc!r}") from exc


def _with_retries(url: str, attempt_once: Callable[[], object], policy: DownloadPolicy, sleep: Callable[[float], None]):
    for attempt in range(policy.retries + 1):
        try:
            return attempt_once()
        except TransientDownloadError as exc:
            if attempt == policy.retries:
                raise TransientDownloadError(url, f"{exc.reason} (gave up after {attempt + 1} attempts)") from exc
            sleep(policy.backoff_s * 2**attempt)
    raise AssertionError("unreachable")


def _read_capped(url: str, response: HTTPResponse, policy: DownloadPolicy, sink) -> int:
    """Copy the body to ``sink``, refusing more than ``policy.max_bytes`` and cutting off a body
    that takes longer than ``policy.max_seconds`` in all; returns the byte count.

    ``read1`` returns whatever arrived (``read(n)`` would block until n bytes came), so a server
    that drips a byte at a time is seen after each byte and cut off at the wall-clock limit."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise DownloadTooLarge(url, f"{int(declared)} bytes declared, more than the cap of {policy.max_bytes} bytes")
    started = time.monotonic()
    total = 0
    try:
        while chunk := response.read1(_CHUNK):
            total += len(chunk)
            if total > policy.max_bytes:
                raise DownloadTooLarge(url, f"more than the cap of {policy.max_bytes} bytes")
            if time.monotonic() - started > policy.max_seconds:
                raise _cut_off(url, policy, total)
            sink(chunk)
        deadline = getattr(_WATCH, "deadline", None)
        if deadline is not None and deadline.expired:  # the limit shut the connection: the body ended early
            raise _cut_off(url, policy, total)
        if declared and declared.isdigit() and total < int(declared):
            raise TransientDownloadError(url, f"the connection closed after {total} of {declared} bytes")
    except TimeoutError as exc:
        raise TransientDownloadError(url, f"read stalled for {policy.timeout_s:g} s after {total} bytes") from exc
    except (OSError, HTTPException) as exc:  # a reset, or the socket the deadline shut
        raise TransientDownloadError(url, f"connection broke after {total} bytes: {exc!r}") from exc
    return total


def read_url_list(source: str | Path, policy: DownloadPolicy | None = None, *, sleep=time.sleep) -> list[str]:
    """The URLs listed one per line in a text file or at an http(s) URL; blank lines and
    ``#`` comments are ignored, order kept, duplicates dropped."""
    policy = policy or DownloadPolicy()
    text: str
    if isinstance(source, str) and _is_http(source):
        list_policy = DownloadPolicy(
            timeout_s=policy.timeout_s, max_seconds=policy.max_seconds, max_bytes=min(policy.max_bytes, 16 << 20),
            retries=policy.retries, backoff_s=policy.backoff_s, user_agent=policy.user_agent,
        )  # fmt: skip

        def fetch() -> str:
            chunks: list[bytes] = []
            with _opened(source, list_policy) as response:
                _read_capped(source, response, list_policy, chunks.append)
                charset = response.headers.get_content_charset() or "utf-8"
            return b"".join(chunks).decode(charset, errors="replace")

        text = _with_retries(source, fetch, list_policy, sleep)
    else:
        text = Path(source).read_text(encoding="utf-8")
    urls = [line.strip() for line in text.splitlines()]
    return list(dict.fromkeys(u for u in urls if u and not u.startswith("#")))


def looks_like_pdf(head: bytes) -> bool:
    """The first bytes of a body (up to SNIFF_BYTES) look like a PDF: the ``%PDF-`` header within
    the first kilobyte, no markup before it, and an indirect object ("1 0 obj") after it. An HTML
    page that merely mentions ``%PDF-`` early fails the last two."""
    at = head.find(b"%PDF-", 0, 1024)
    if at < 0 or _MARKUP.search(head, 0, at) or head[:at].lstrip().startswith(b"<"):
        return False
    return _PDF_OBJECT.search(head, at) is not None


def file_name_for(url: str, content_disposition: str | None = None) -> str:
    """A safe local file name for a URL: the server's filename if it gives one, else the URL path
    (``https://undocs.org/zh/A/75/6(Sect.14)`` -> ``zh_A_75_6_Sect.14.pdf``); always ``.pdf``."""
    name = ""
    if content_disposition:
        match = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", content_disposition, re.IGNORECASE)
        if match:
            name = Path(urllib.parse.unquote(match.group(1))).name
    if not name:
        parts = urllib.parse.urlsplit(url)
        name = urllib.parse.unquote(parts.path).strip("/") or parts.netloc
        if parts.query:
            name += "_" + urllib.parse.unquote(parts.query)
    name = re.sub(r"[^\w.\-]+", "_", name, flags=re.ASCII).strip("._") or "document"
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return stem[:150] + ".pdf"


def download(url: str, dest_dir: str | Path, policy: DownloadPolicy | None = None, *, sleep=time.sleep) -> Path:
    """Download one PDF into ``dest_dir``; returns the file's path.

    The body goes to a hidden ``.part`` file first and is renamed into place only when complete,
    so the inbox never sees half a document. Transient failures are retried with exponential
    backoff; a response over the size cap, an HTTP 4xx or a body that is not a PDF is refused at
    once (DownloadTooLarge, DownloadError, NotAPdfDownload) and nothing is kept.
    """
    policy = policy or DownloadPolicy()
    if not _is_http(url):
        raise DownloadError(url, "not an http(s) URL")
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)

    def attempt() -> Path:
        with _opened(url, policy) as response:
            name = file_name_for(response.geturl() or url, response.headers.get("Content-Disposition"))
            part = dest / f".{name}.{os.getpid()}.part"
            digest = hashlib.sha256()
            head = bytearray()
            try:
                with part.open("wb") as handle:

                    def sink(chunk: bytes) -> None:
                        if len(head) < SNIFF_BYTES:
                            head.extend(chunk[: SNIFF_BYTES - len(head)])
                        digest.update(chunk)
                        handle.write(chunk)

                    _read_capped(url, response, policy, sink)
                if not looks_like_pdf(bytes(head)):
                    kind = response.headers.get_content_type()
                    raise NotAPdfDownload(url, f"the response is not a PDF (Content-Type {kind})")
                target = dest / name
                if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() != digest.hexdigest():
                    target = dest / f"{target.stem}-{digest.hexdigest()[:8]}.pdf"
                os.replace(part, target)
                return target
            finally:
                part.unlink(missing_ok=True)

    return _with_retries(url, attempt, policy, sleep)


def _load_manifest(dest: Path) -> dict[str, dict[str, object]]:
    path = dest / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DownloadError(str(path), f"download manifest is unreadable: {exc}") from exc


def _save_manifest(dest: Path, manifest: dict[str, dict[str, object]]) -> None:
    tmp = dest / f"{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, dest / MANIFEST)


def downloaded_sources(dest_dir: str | Path) -> dict[str, str]:
    """{absolute file path: the URL it was downloaded from}, from the folder's manifest."""
    dest = Path(dest_dir)
    if not (dest / MANIFEST).exists():
        return {}
    return {str((dest / str(entry["file"])).resolve()): url for url, entry in _load_manifest(dest).items()}


def fetch_new(
    url_list: str | Path, dest_dir: str | Path, policy: DownloadPolicy | None = None, *, sleep=time.sleep
) -> FetchReport:
    """Download the URLs of ``url_list`` that no earlier pass downloaded into ``dest_dir``.

    What was downloaded is recorded in ``dest_dir/.unwh-downloads.json`` (remove an entry to
    fetch that URL again). One URL failing does not stop the others; the report says why.
    Whether a downloaded document is already in the warehouse is the inbox source's question.
    """
    policy = policy or DownloadPolicy()
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    report = FetchReport()
    manifest = _load_manifest(dest)
    for url in read_url_list(url_list, policy, sleep=sleep):
        if url in manifest:
            report.skipped.append(url)
            continue
        try:
            path = download(url, dest, policy, sleep=sleep)
        except DownloadError as exc:
            report.failed.append((url, exc.reason))
            continue
        manifest[url] = {
            "file": path.name,
            "bytes": path.stat().st_size,
            "downloaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _save_manifest(dest, manifest)
        report.downloaded.append((url, path))
    return report
