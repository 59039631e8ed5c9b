"""The sources: the inbox (settled files only, known documents skipped by hash) and the HTTP
source against a real local server (download, retry on 503, timeout, size cap, not a PDF)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from local_http import QuietHandler, serving

from extract.fingerprint import fingerprint_file
from load.warehouse import open_warehouse
from sources.exceptions import DownloadError, DownloadTooLarge, NotAPdfDownload, TransientDownloadError
from sources.http import DownloadPolicy, download, downloaded_sources, fetch_new, file_name_for, read_url_list
from sources.inbox import find_new_documents, ready_files, snapshot
from transform.documents import document_row

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "UNEP_GC.26_18_zh.pdf"
PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n" + b"0" * 2000 + b"\n%%EOF\n"  # a header, an object, an end
VERSION = "test-1"


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def _record(warehouse: Path, path: Path, status: str, version: str = VERSION) -> None:
    """Put a documents row for the file into the warehouse, as the loader would."""
    import pandas as pd

    row = document_row(fingerprint_file(path), None, pipeline_version=version, status=status)
    con = open_warehouse(warehouse)
    try:
        con.register("_row", pd.DataFrame([row]))
        con.execute("INSERT INTO main.documents BY NAME SELECT * FROM _row")
    finally:
        con.close()


# --- inbox -----------------------------------------------------------------------------------


def test_a_file_still_being_written_is_not_picked_up(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    growing = inbox / "growing.pdf"
    growing.write_bytes(PDF[:100])
    first = snapshot(inbox)
    # young: fails the minimum age
    ready, waiting = ready_files(first, min_age_s=5)
    assert (ready, waiting) == ([], [growing])
    # old enough by mtime, but it grew since the previous look
    with growing.open("ab") as handle:
        handle.write(PDF[100:])
    _age(growing, 60)
    ready, waiting = ready_files(snapshot(inbox), first, min_age_s=5)
    assert (ready, waiting) == ([], [growing])
    # unchanged across two looks and old enough: ready
    second = snapshot(inbox)
    ready, _ = ready_files(snapshot(inbox), second, min_age_s=5)
    assert ready == [growing]


def test_a_download_renamed_into_place_is_ready_at_once(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "downloads").mkdir(parents=True)
    fetched, dropped = inbox / "downloads" / "fetched.pdf", inbox / "dropped.pdf"
    fetched.write_bytes(PDF)
    dropped.write_bytes(PDF + b"other")
    found = find_new_documents(inbox, warehouse=tmp_path / "wh.duckdb", pipeline_version=VERSION, min_age_s=30,
                               complete=[str(inbox / "downloads" / ".." / "downloads" / "fetched.pdf")])  # fmt: skip
    assert [c.path for c in found.new] == [fetched]
    assert found.not_ready == [dropped]  # a file copied in by hand still has to settle


def test_partial_and_hidden_files_are_not_candidates(tmp_path):
    for name in ("a.pdf.part", ".b.pdf", "c.pdf.crdownload", "d.txt", "~e.pdf"):
        (tmp_path / name).write_bytes(PDF)
    (tmp_path / ".scratch").mkdir()
    (tmp_path / ".scratch" / "f.pdf").write_bytes(PDF)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "G.PDF").write_bytes(PDF)
    assert list(snapshot(tmp_path)) == [tmp_path / "sub" / "G.PDF"]
    assert snapshot(tmp_path / "missing") == {}


def test_already_loaded_documents_are_skipped_by_content_hash(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh.duckdb"
    inbox.mkdir()
    loaded = inbox / "renamed-copy.pdf"
    shutil.copy(SAMPLE, loaded)
    fresh = inbox / "fresh.pdf"
    fresh.write_bytes(PDF)
    twin = inbox / "twin-of-fresh.pdf"
    twin.write_bytes(PDF)
    for path in (loaded, fresh, twin):
        _age(path, 60)

    # no warehouse file yet: everything settled is new (duplicates by bytes collapse)
    found = find_new_documents(inbox, warehouse=warehouse, pipeline_version=VERSION, min_age_s=5)
    assert sorted(c.path.name for c in found.new) == ["fresh.pdf", "renamed-copy.pdf"]
    assert [c.path.name for c in found.duplicates] == ["twin-of-fresh.pdf"]

    _record(warehouse, SAMPLE, "loaded")  # the same bytes under another name
    found = find_new_documents(inbox, warehouse=warehouse, pipeline_version=VERSION, min_age_s=5)
    assert [c.path.name for c in found.new] == ["fresh.pdf"]
    assert [(c.path.name, c.warehouse_status) for c in found.skipped] == [("renamed-copy.pdf", "loaded")]
    assert found.warehouse_checked

    # another pipeline version loaded it: new again
    found = find_new_documents(inbox, warehouse=warehouse, pipeline_version="test-2", min_age_s=5)
    assert sorted(c.path.name for c in found.new) == ["fresh.pdf", "renamed-copy.pdf"]


def test_quarantined_documents_are_skipped_unless_asked(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh.duckdb"
    inbox.mkdir()
    bad = inbox / "bad.pdf"
    bad.write_bytes(PDF)
    _age(bad, 60)
    _record(warehouse, bad, "quarantined")
    found = find_new_documents(inbox, warehouse=warehouse, pipeline_version=VERSION, min_age_s=5)
    assert [(c.path.name, c.warehouse_status) for c in found.skipped] == [("bad.pdf", "quarantined")]
    found = find_new_documents(
        inbox, warehouse=warehouse, pipeline_version=VERSION, min_age_s=5, skip_quarantined=False
    )
    assert [c.path.name for c in found.new] == ["bad.pdf"]


def test_a_locked_warehouse_is_reported_not_fatal(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh.duckdb"
    inbox.mkdir()
    doc = inbox / "doc.pdf"
    doc.write_bytes(PDF)
    _age(doc, 60)
    open_warehouse(warehouse).close()
    import subprocess
    import sys

    # another process holds the write lock while we look
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "time.sleep(30)", str(warehouse)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        found = find_new_documents(inbox, warehouse=warehouse, pipeline_version=VERSION, min_age_s=5)
    finally:
        holder.terminate()
        holder.wait(10)
    assert not found.warehouse_checked
    assert [c.path.name for c in found.new] == ["doc.pdf"]


# --- HTTP ------------------------------------------------------------------------------------


class _Handler(QuietHandler):
    flaky_left: dict[str, int]  # set per server
    hits: dict[str, int]

    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        if path == "/list.txt":
            base = f"http://127.0.0.1:{self.server.server_port}"
            body = f"# documents\n{base}/docs/A_75_6.pdf\n\n{base}/flaky.pdf\n{base}/missing.pdf\n"
            self.send(200, body.encode(), "text/plain; charset=utf-8")
        elif path == "/docs/A_75_6.pdf":
            self.send(200, PDF)
        elif path == "/flaky.pdf":
            if self.server.flaky_left > 0:
                self.server.flaky_left -= 1
                self.send(503, b"busy", "text/plain")
            else:
                self.send(200, PDF)
        elif path == "/slow.pdf":
            time.sleep(1.5)
            self.send(200, PDF)
        elif path == "/big.pdf":  # declares its size
            self.send(200, PDF + b"0" * 10_000)
        elif path == "/big-undeclared.pdf":  # no Content-Length: the cap must hold while streaming
            self.send(200, PDF + b"0" * 10_000, length=False)
            self.close_connection = True
        elif path == "/page.html":
            self.send(200, b"<html><body>landing page</body></html>", "text/html")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture()
def server():
    with serving(_Handler, flaky_left=2, hits={}) as served:
        yield served


FAST = DownloadPolicy(timeout_s=5, retries=3, backoff_s=0.01)


def test_download_writes_the_pdf_atomically(server, tmp_path):
    _, base = server
    path = download(f"{base}/docs/A_75_6.pdf", tmp_path, FAST)
    assert path == tmp_path / "docs_A_75_6.pdf"
    assert path.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == ["docs_A_75_6.pdf"]  # no .part left behind


def test_a_503_is_retried_then_succeeds(server, tmp_path):
    httpd, base = server
    waits: list[float] = []
    path = download(f"{base}/flaky.pdf", tmp_path, DownloadPolicy(timeout_s=5, retries=3, backoff_s=0.5),
                    sleep=waits.append)  # fmt: skip
    assert path.read_bytes() == PDF
    assert httpd.hits["/flaky.pdf"] == 3
    assert waits == [0.5, 1.0]  # exponential backoff


def test_retries_give_up_with_the_reason(server, tmp_path):
    httpd, base = server
    httpd.flaky_left = 10
    with pytest.raises(TransientDownloadError, match=r"HTTP 503 .*gave up after 2 attempts"):
        download(f"{base}/flaky.pdf", tmp_path, DownloadPolicy(retries=1, backoff_s=0.01))


def test_a_404_is_terminal_and_not_retried(server, tmp_path):
    httpd, base = server
    with pytest.raises(DownloadError, match="HTTP 404") as caught:
        download(f"{base}/missing.pdf", tmp_path, FAST)
    assert not isinstance(caught.value, TransientDownloadError)
    assert httpd.hits["/missing.pdf"] == 1


def test_a_slow_server_times_out(server, tmp_path):
    httpd, base = server
    started = time.monotonic()
    with pytest.raises(TransientDownloadError, match=r"slow\.pdf: .*(no response|timed out|stalled)"):
        download(f"{base}/slow.pdf", tmp_path, DownloadPolicy(timeout_s=0.3, retries=1, backoff_s=0.01))
    assert time.monotonic() - started < 3
    assert httpd.hits["/slow.pdf"] == 2
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["big.pdf", "big-undeclared.pdf"])
def test_the_size_cap_refuses_with_a_clear_error(server, tmp_path, name):
    httpd, base = server
    with pytest.raises(DownloadTooLarge, match=rf"{name}: .*cap of 5000 bytes"):
        download(f"{base}/{name}", tmp_path, DownloadPolicy(max_bytes=5000, retries=2, backoff_s=0.01))
    assert httpd.hits[f"/{name}"] == 1  # terminal: not retried
    assert not list(tmp_path.iterdir())


def test_a_non_pdf_response_is_refused(server, tmp_path):
    _, base = server
    with pytest.raises(NotAPdfDownload, match=r"not a PDF .*text/html"):
        download(f"{base}/page.html", tmp_path, FAST)
    assert not list(tmp_path.iterdir())


def test_fetch_new_downloads_each_listed_url_once(server, tmp_path):
    httpd, base = server
    dest = tmp_path / "downloads"
    listed = read_url_list(f"{base}/list.txt", FAST)
    assert listed == [f"{base}/docs/A_75_6.pdf", f"{base}/flaky.pdf", f"{base}/missing.pdf"]

    report = fetch_new(f"{base}/list.txt", dest, FAST, sleep=lambda s: None)
    assert [url for url, _ in report.downloaded] == [f"{base}/docs/A_75_6.pdf", f"{base}/flaky.pdf"]
    assert [url for url, _ in report.failed] == [f"{base}/missing.pdf"]
    assert "HTTP 404" in report.failed[0][1]
    assert downloaded_sources(dest) == {str(p.resolve()): url for url, p in report.downloaded}

    again = fetch_new(f"{base}/list.txt", dest, FAST, sleep=lambda s: None)
    assert again.downloaded == []
    assert again.skipped == [f"{base}/docs/A_75_6.pdf", f"{base}/flaky.pdf"]
    assert httpd.hits["/docs/A_75_6.pdf"] == 1


def test_a_url_list_file(tmp_path, server):
    _, base = server
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# comment\n{base}/docs/A_75_6.pdf\n{base}/docs/A_75_6.pdf\nftp://x/y.pdf\n", encoding="utf-8")
    report = fetch_new(listing, tmp_path / "dl", FAST)
    assert [url for url, _ in report.downloaded] == [f"{base}/docs/A_75_6.pdf"]
    assert report.failed == [("ftp://x/y.pdf", "not an http(s) URL")]


def test_file_names_for_undocs_links():
    assert file_name_for("https://undocs.org/zh/A/75/6(Sect.14)") == "zh_A_75_6_Sect.14.pdf"
    assert file_name_for("https://x.org/get?symbol=A/74/72") == "get_symbol_A_74_72.pdf"
    assert file_name_for("https://x.org/d", 'attachment; filename="N1912345.pdf"') == "N1912345.pdf"


# --- the watcher's loop (events captured instead of sent) -------------------------------------


def test_the_watcher_announces_each_settled_document_once(tmp_path):
    from flows.settings import Settings
    from flows.watch import watch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settled = inbox / "settled.pdf"
    settled.write_bytes(PDF)
    _age(settled, 60)
    (inbox / "young.pdf").write_bytes(PDF + b"young")
    settings = Settings(inbox=inbox, warehouse=tmp_path / "wh.duckdb", inbox_min_age_s=30, pipeline_version=VERSION)
    seen = []
    assert watch(settings, once=True, emit=seen.append, log=lambda _: None) == 1
    assert [c.path for c in seen] == [settled]
    assert seen[0].document_id == fingerprint_file(settled).document_id

    # the loop: the young file settles on a later look; nothing is announced twice
    seen.clear()
    _age(inbox / "young.pdf", 60)
    watch(settings, interval_s=0.01, max_looks=3, emit=seen.append, log=lambda _: None)
    assert sorted(c.path.name for c in seen) == ["settled.pdf", "young.pdf"]


SERVER_COMMANDS = [["watch", "--once"], ["worker"], ["deploy"]]
# each command of SERVER_COMMANDS run by `unwh`'s main in one process (one start-up for the three),
# its stderr and exit status after a marker line
EACH_COMMAND = (
    "import json, sys\nfrom flows.cli import main\n"
    "for command in json.loads(sys.argv[1]):\n"
    "    print('=== ' + command[0], file=sys.stderr, flush=True)\n"
    "    try:\n        code = main(command)\n    except SystemExit as stop:\n        code = stop.code\n"
    "    print('=== exit', code, file=sys.stderr, flush=True)\n"
)


def test_server_commands_need_a_server(tmp_path):
    import json
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}  # no server configured
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    done = subprocess.run([sys.executable, "-c", EACH_COMMAND, json.dumps(SERVER_COMMANDS)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    parts = done.stderr.split("=== ")[1:]
    assert len(parts) == 2 * len(SERVER_COMMANDS), done.stderr
    for command, said, status in zip(SERVER_COMMANDS, parts[0::2], parts[1::2], strict=True):
        assert said.startswith(f"{command[0]}\n") and status.split() == ["exit", "2"], (command, said, status)
        assert f"unwh {command[0]}: PREFECT_API_URL is not set" in said, (command, said)
