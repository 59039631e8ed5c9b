"""http(s) documents end to end on the real flows: a URL list and PDFs served by a local HTTP server
(127.0.0.1), the nightly flow reading the list from UNWH_URL_LIST, the ingest flow given URLs; the
document's URL is kept as its documents.source_uri, and bad URLs are reported with their reason
while the good one loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from local_http import QuietHandler, serving

from extract.fingerprint import fingerprint_file
from load.warehouse import connect

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "UNEP_GC.26_18_zh.pdf"
GOOD = SAMPLE.read_bytes()
BROKEN = GOOD[: len(GOOD) // 3]  # starts like a PDF, ends early: downloads fine, cannot be extracted


class _Site(QuietHandler):
    def do_GET(self) -> None:
        self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/urls.txt":
            listing = f"# nightly list\n{base}/zh/UNEP/GC.26/18\n{base}/zh/missing\n{base}/zh/landing\n{base}/zh/cut\n"
            self.send(200, listing.encode(), "text/plain; charset=utf-8")
        elif self.path == "/zh/UNEP/GC.26/18":  # an undocs.org-style link: no .pdf in the URL
            self.send(200, GOOD, "application/pdf")
        elif self.path == "/zh/landing":
            self.send(200, "<html><body>请选择语言</body></html>".encode(), "text/html; charset=utf-8")
        elif self.path == "/zh/cut":
            self.send(200, BROKEN, "application/pdf")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def site():
    with serving(_Site, hits={}) as served:
        yield served


@pytest.fixture()
def http_env(monkeypatch, tmp_path_factory):
    """Settings through the environment, as a worker has them; one extraction cache for the module."""
    monkeypatch.setenv("UNWH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "http-ingest-cache"))
    monkeypatch.setenv("UNWH_HTTP_TIMEOUT", "10")
    monkeypatch.setenv("UNWH_WORKERS", "1")
    for name in ("UNWH_URL_LIST", "UNWH_DOWNLOADS", "UNWH_INBOX_MIN_AGE"):
        monkeypatch.delenv(name, raising=False)  # the defaults: downloads inside the inbox, min age 2 s
    return monkeypatch


def _documents(warehouse: Path) -> dict[str, tuple]:
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT source_uri, document_id, status, status_reason FROM documents").fetchall()
        facts = dict(con.execute("SELECT document_id, count(*) FROM paragraphs GROUP BY 1").fetchall())
    finally:
        con.close()
    return {uri: (doc, status, reason, facts.get(doc, 0)) for uri, doc, status, reason in rows}


def test_nightly_fetches_the_url_list_and_records_each_documents_url(prefect_harness, site, http_env, tmp_path):
    from flows.nightly import nightly

    httpd, base = site
    http_env.setenv("UNWH_URL_LIST", f"{base}/urls.txt")
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "un_reports.duckdb"
    good, missing, landing, cut = (f"{base}/zh/{p}" for p in ("UNEP/GC.26/18", "missing", "landing", "cut"))

    state = nightly(inbox=str(inbox), warehouse=str(warehouse), return_state=True)
    summary = state.result(raise_on_failure=False)
    outcomes = {d.path.removeprefix(str(inbox.resolve() / "downloads") + "/"): d for d in summary.documents}

    # the good document is loaded straight after its download, its URL kept as its source
    docs = _documents(warehouse)
    document_id = fingerprint_file(SAMPLE).document_id
    assert docs[good][:2] == (document_id, "loaded"), docs
    assert docs[good][3] > 0  # with its paragraphs
    # a URL that serves a broken PDF: downloaded, then quarantined with the extraction's reason
    assert docs[cut][1] == "quarantined" and "truncated" in docs[cut][2], docs[cut]
    assert docs[cut][3] == 0
    assert set(docs) == {good, cut}
    # a 404 and an HTML page are never documents: the run names them and says why
    assert outcomes[missing].status == "failed"
    assert outcomes[missing].reason == "download failed: HTTP 404 Not Found"
    assert outcomes[landing].status == "failed"
    assert outcomes[landing].reason == "download failed: the response is not a PDF (Content-Type text/html)"
    assert state.is_failed()
    assert f"{missing}: download failed: HTTP 404 Not Found" in state.message  # the whole URL, not its tail
    assert sorted(p.name for p in (inbox / "downloads").glob("*.pdf")) == ["zh_UNEP_GC.26_18.pdf", "zh_cut.pdf"]

    # the next night: listed URLs already downloaded are not fetched again, the document is skipped
    hits = dict(httpd.hits)
    again = nightly(inbox=str(inbox), warehouse=str(warehouse), return_state=True).result(raise_on_failure=False)
    assert httpd.hits["/zh/UNEP/GC.26/18"] == hits["/zh/UNEP/GC.26/18"] == 1
    assert httpd.hits["/zh/missing"] == hits["/zh/missing"] + 1  # a failed URL is tried again
    skipped = [d for d in again.documents if d.document_id == document_id]
    assert [(d.status, d.reason) for d in skipped] == [("skipped", "already loaded")]
    assert _documents(warehouse)[good] == docs[good]


def test_ingest_given_urls_downloads_and_records_them(prefect_harness, site, http_env, tmp_path):
    from flows.ingest import ingest

    _, base = site
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "un_reports.duckdb"
    http_env.setenv("UNWH_INBOX", str(inbox))
    good, missing = f"{base}/zh/UNEP/GC.26/18", f"{base}/zh/missing"

    state = ingest(paths=[good, missing], warehouse=str(warehouse), return_state=True)
    summary = state.result(raise_on_failure=False)
    docs = _documents(warehouse)
    assert docs[good][:2] == (fingerprint_file(SAMPLE).document_id, "loaded"), docs
    assert set(docs) == {good}
    (failed,) = [d for d in summary.documents if d.status == "failed"]
    assert (failed.path, failed.reason) == (missing, "download failed: HTTP 404 Not Found")
    assert state.is_failed() and "HTTP 404" in state.message
    assert (inbox / "downloads" / "zh_UNEP_GC.26_18.pdf").read_bytes() == GOOD
