"""Faults leave nothing stuck: the writer lock dies with its holder (kill -9 at points of
publishing, then a re-run completes at once with the counts of a serial run), a locked warehouse
is a transient fault that Prefect's task retry gets past, and concurrent CLI runs with separate
PREFECT_HOMEs all finish. The long versions run under `make stress` (marker `stress`)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from extract.fingerprint import fingerprint_file
from load.exceptions import WarehouseUnavailable
from load.warehouse import PUBLISHED_TABLES, connect, open_warehouse
from load.writer import file_lock, lock_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BIN = Path(sys.executable).parent
X = "UNEP_GC.26_18_zh.pdf"  # 4 pages
Y = "002_b61ed0f3630fa659_zh.pdf"  # 10 pages

# A process that takes the lock file with plain fcntl (not the code under test) until stdin closes.
HOLD_FLOCK = (
    "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX);"
    " print('held', flush=True); sys.stdin.read()"
)


def _hold_flock(warehouse: Path) -> subprocess.Popen:
    lock = warehouse.with_name(warehouse.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_FLOCK, str(lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    return holder


def _counts(warehouse: Path, document_id: str) -> dict[str, int]:
    con = connect(warehouse, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM main.{t} WHERE document_id = ?", [document_id]).fetchone()[0]
                for t in PUBLISHED_TABLES}  # fmt: skip
    finally:
        con.close()


def test_the_writer_lock_is_busy_while_held_and_free_once_its_holder_is_killed(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    holder = _hold_flock(warehouse)
    try:
        started = time.monotonic()
        with pytest.raises(WarehouseUnavailable) as busy, file_lock(warehouse, wait_s=0.5):
            pass
        assert 0.5 <= time.monotonic() - started < 5
        assert busy.value.terminal is False  # transient: a retry may get it
        assert str(lock_path(warehouse)) in str(busy.value) and "0.5 s" in str(busy.value)
    finally:
        holder.kill()  # SIGKILL: no clean-up code of the holder runs
        holder.wait(10)
    with file_lock(warehouse, wait_s=0):  # free at once: the kernel dropped the dead holder's lock
        assert lock_path(warehouse).read_text().strip() == str(os.getpid())


# The CLI, killed by SIGKILL at one point of publishing (argv[1]); the rest of argv is `unwh`'s.
KILL_AT = r"""
import os, signal, sys
import load.publish as publish

point = sys.argv[1]
calls = []

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def replace_slice(con, table, document_id, _real=publish.publish_document.__kwdefaults__["replace_slice"]):
    calls.append(table)
    if point == "publish-begun" or (point == "publish-half" and len(calls) > 5):
        die()
    _real(con, table, document_id)

publish.publish_document.__kwdefaults__["replace_slice"] = replace_slice
real_clear = publish.clear_staging

def clear_staging(con, document_id):
    if point == "committed" and sys._getframe(1).f_code.co_name == "publish_document":
        die()  # after COMMIT, before the staging rows are cleared
    real_clear(con, document_id)

publish.clear_staging = clear_staging
from flows.cli import main
sys.exit(main(sys.argv[2:]))
"""
POINTS = ("publish-begun", "publish-half", "committed")
# `make test` kills the CLI inside the publishing transaction and after its COMMIT (the two outcomes:
# rolled back, or in); `make stress` also at its first statement
QUICK_POINTS = ("publish-half", "committed")


@pytest.fixture()
def api(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def test_kill_9_during_publishing_then_a_rerun_completes_at_once_with_the_serial_counts(
    api, sample_warehouse, tmp_path, monkeypatch
):
    _kill_9_then_rerun(QUICK_POINTS, sample_warehouse[0], api, tmp_path, monkeypatch)


@pytest.mark.stress
def test_kill_9_at_every_point_of_publishing_then_a_rerun_completes_at_once(
    api, sample_warehouse, tmp_path, monkeypatch
):
    _kill_9_then_rerun(POINTS, sample_warehouse[0], api, tmp_path, monkeypatch)


def _kill_9_then_rerun(points: tuple[str, ...], serial_warehouse: Path, api: str, tmp_path: Path, monkeypatch) -> None:
    document_id = fingerprint_file(SAMPLES / X).document_id
    serial = _counts(serial_warehouse, document_id)  # the session's serial run of the samples
    assert serial["paragraphs"] > 0
    # the session's extraction cache (conftest), which holds the document: the runs get to publishing sooner
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path / "home"), "UNWH_WORKERS": "1",
           "UNWH_WRITER_LIMIT": "off"}  # fmt: skip
    runs = {}
    for point in points:  # the runs at once (one warehouse each): they take turns on neither
        warehouse = tmp_path / point / "w.duckdb"
        runs[point] = subprocess.Popen(
            [sys.executable, "-c", KILL_AT, point, "ingest", str(SAMPLES / X), "--warehouse", str(warehouse)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    for point, run in runs.items():
        out, _ = run.communicate(timeout=300)
        assert run.returncode == -signal.SIGKILL, f"{point}: the run was not killed where intended:\n{out}"

    from flows.ingest import ingest

    monkeypatch.setenv("UNWH_WRITER_WAIT", "5")  # a re-run that had to wait would fail, not hang
    for point in points:
        warehouse = tmp_path / point / "w.duckdb"
        with file_lock(warehouse, wait_s=0):  # the killed run's lock is gone
            pass
        started = time.monotonic()
        summary = ingest(paths=[str(SAMPLES / X)], warehouse=str(warehouse), return_state=True).result()
        (outcome,) = summary.documents
        # before COMMIT the kill rolled everything back (loaded now); after it the document was in
        expected = "skipped" if point == "committed" else "loaded"
        assert (point, outcome.status) == (point, expected), outcome.reason
        assert time.monotonic() - started < 120
        assert _counts(warehouse, document_id) == serial, point


def test_a_transient_warehouse_lock_is_retried_by_prefect(prefect_harness, tmp_path, monkeypatch):
    """The test holds the lock file; the load task fails for it, Prefect schedules a retry; the
    test lets go; the retry loads the document."""
    from prefect.client.orchestration import get_client

    from flows.ingest import ingest

    warehouse = tmp_path / "w.duckdb"
    open_warehouse(warehouse).close()
    monkeypatch.setenv("UNWH_WRITER_WAIT", "1")
    monkeypatch.setenv("UNWH_WRITER_LIMIT", "off")  # the locks of `unwh ingest` (no persistent server)
    monkeypatch.setenv("UNWH_WORKERS", "1")
    monkeypatch.setenv("UNWH_CACHE_DIR", str(tmp_path / "cache"))
    holder = _hold_flock(warehouse)
    result: dict[str, object] = {}
    worker = threading.Thread(target=lambda: result.update(
        state=ingest(paths=[str(SAMPLES / X)], warehouse=str(warehouse), return_state=True)))  # fmt: skip
    worker.start()

    def load_runs():
        with get_client(sync_client=True) as client:
            return [r for r in client.read_task_runs(limit=200) if r.name.startswith("load")
                    and r.flow_run_id and r.state and r.created and r.expected_start_time]  # fmt: skip

    try:
        deadline = time.monotonic() + 180
        while not any(r.state.name == "AwaitingRetry" for r in load_runs()):
            assert worker.is_alive(), "the run ended without retrying the load"
            assert time.monotonic() < deadline, "no retry of the load task was scheduled"
            time.sleep(0.3)
    finally:
        holder.stdin.close()
        holder.wait(10)
    worker.join(600)
    assert not worker.is_alive(), "the run did not end after the lock was released"
    summary = result["state"].result()
    (outcome,) = summary.documents
    assert outcome.status == "loaded", outcome.reason
    (run,) = [r for r in load_runs() if r.flow_run_id == result["state"].state_details.flow_run_id]
    assert run.run_count >= 2 and run.state.is_completed()
    assert _counts(warehouse, fingerprint_file(SAMPLES / X).document_id)["documents"] == 1


def _cli(home: Path, warehouse: Path, *names: str, **extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # each its own temporary server
    env.update(PREFECT_HOME=str(home), UNWH_WORKERS="1", UNWH_CACHE_DIR=str(home / "cache"), **extra)
    return subprocess.Popen([str(BIN / "unwh"), "ingest", *(str(SAMPLES / n) for n in names),
                             "--warehouse", str(warehouse)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)  # fmt: skip


def _concurrent_runs(tmp_path: Path, n: int) -> None:
    warehouse = tmp_path / "wh" / "w.duckdb"
    names = [(X, Y), (Y, X)] * (n // 2) + [(X,)] * (n % 2)
    runs = [_cli(tmp_path / f"home{i}", warehouse, *names[i]) for i in range(n)]
    outputs = [r.communicate(timeout=900)[0] for r in runs]
    assert [r.returncode for r in runs] == [0] * n, "\n\n".join(outputs)
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT document_id, status FROM documents ORDER BY 1").fetchall()
    finally:
        con.close()
    ids = sorted(fingerprint_file(SAMPLES / name).document_id for name in (X, Y))
    assert rows == [(i, "loaded") for i in ids]
    # each run's temporary server started on a fresh PREFECT_HOME without registering block
    # types (the run stores none): registering first imports every installed collection
    for i in range(n):
        db = sqlite3.connect(tmp_path / f"home{i}" / "prefect.db")
        try:
            assert db.execute("SELECT count(*) FROM block_type").fetchone() == (0,)
        finally:
            db.close()


def test_two_concurrent_cli_runs_with_separate_prefect_homes_finish(tmp_path):
    _concurrent_runs(tmp_path, 2)


@pytest.mark.stress
def test_four_concurrent_cli_runs_with_separate_prefect_homes_finish(tmp_path):
    _concurrent_runs(tmp_path, 4)


def _processes_with_home(home: Path) -> list[int]:
    """PIDs of processes whose environment has PREFECT_HOME=home (the CLI and its server)."""
    needle = f"PREFECT_HOME={home}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


@pytest.mark.stress
def test_a_cli_killed_mid_load_leaves_no_server_and_no_slot_behind(tmp_path):
    home, warehouse = tmp_path / "home", tmp_path / "wh" / "w.duckdb"
    run = _cli(home, warehouse, Y)
    deadline = time.monotonic() + 600
    # the writer lock file holds its holder's PID: the CLI is inside its load when it shows its own
    while not (lock_path(warehouse).exists() and lock_path(warehouse).read_text().strip() == str(run.pid)):
        assert run.poll() is None, run.stdout.read()
        assert time.monotonic() < deadline, "the run never reached its load"
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGKILL)  # the CLI only, as an operator's kill -9 would
    run.wait(10)
    deadline = time.monotonic() + 20
    while _processes_with_home(home) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _processes_with_home(home) == [], "the temporary server outlived the CLI"
    again = _cli(home, warehouse, Y, UNWH_WRITER_WAIT="30")
    out, _ = again.communicate(timeout=600)
    assert again.returncode == 0, out


# --- hostile HTTP sources ---------------------------------------------------------------------

from local_http import QuietHandler, serving  # noqa: E402

from sources.exceptions import DownloadError, NotAPdfDownload  # noqa: E402
from sources.http import DownloadPolicy, download  # noqa: E402

PDF = (SAMPLES / X).read_bytes()


class _Hostile(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/drip.pdf":  # a byte every 0.1 s: every read succeeds, the whole never ends
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            for byte in PDF[:400]:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:  # the client hung up: that is the point
                    return
                time.sleep(0.1)
        elif self.path == "/drip-headers.pdf":  # the status line, then a header byte every 0.1 s
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for byte in b"X-Padding: " + b"a" * 400:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/A_75_6.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/hop":  # a first hop to http is fine, the second goes to file://
            self.send_response(301)
            self.send_header("Location", "/to-file")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/pdf-mention.html":  # HTML whose first kilobyte says %PDF-
            self.send(200, b"<!DOCTYPE html><html><body><p>Download: %PDF-1.7 file, 2 MB</p>" + b" " * 3000
                      + b"</body></html>", "application/pdf")  # fmt: skip
        elif self.path == "/good.pdf":
            self.send(200, PDF)
        elif self.path == "/zh/A/00/1":  # an undocs.org-style link to another report
            self.send(200, (SAMPLES / Y).read_bytes())


@pytest.fixture(scope="module")
def hostile():
    with serving(_Hostile) as served:
        yield served[1]


def test_a_dripping_server_is_cut_off_within_the_limit_leaving_no_part_file(hostile, tmp_path):
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"drip\.pdf: cut off after 1 s") as caught:
        download(f"{hostile}/drip.pdf", tmp_path, DownloadPolicy(timeout_s=5, max_seconds=1, retries=2))
    assert time.monotonic() - started < 1 + 0.1 + 1  # the limit, one drip interval, slack
    assert caught.value.terminal  # not retried: the same server drips the same way
    assert list(tmp_path.iterdir()) == []  # no .part file


def test_a_server_dripping_its_headers_is_cut_off_within_the_limit(hostile, tmp_path):
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"drip-headers\.pdf: cut off after 1 s") as caught:
        download(f"{hostile}/drip-headers.pdf", tmp_path, DownloadPolicy(timeout_s=5, max_seconds=1, retries=2))
    assert time.monotonic() - started < 1 + 0.1 + 1  # the limit, one drip interval, slack; no retry
    assert caught.value.terminal
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("path", "target"), [("/to-ftp", "ftp://"), ("/hop", "file://")])
def test_redirects_to_other_schemes_are_refused_at_every_hop(hostile, tmp_path, path, target):
    with pytest.raises(DownloadError, match=rf"redirected \(HTTP 302\) to {target}.*not an http\(s\) URL") as err:
        download(f"{hostile}{path}", tmp_path, DownloadPolicy(timeout_s=5, retries=0))
    assert err.value.terminal
    assert list(tmp_path.iterdir()) == []


def test_html_mentioning_pdf_in_its_first_kilobyte_is_not_a_pdf(hostile, tmp_path):
    with pytest.raises(NotAPdfDownload, match="not a PDF"):
        download(f"{hostile}/pdf-mention.html", tmp_path, DownloadPolicy(timeout_s=5, retries=0))
    assert list(tmp_path.iterdir()) == []
    assert download(f"{hostile}/good.pdf", tmp_path, DownloadPolicy(timeout_s=5, retries=0)).read_bytes() == PDF


# --- paths --------------------------------------------------------------------------------------

from sources.paths import discover_pdfs  # noqa: E402


@pytest.fixture()
def folder(tmp_path) -> Path:
    """good.pdf, a link to it inside the folder, a link out of it, a FIFO named like a PDF."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.pdf").write_bytes(PDF)
    (root / "sub" / "again.pdf").symlink_to(root / "good.pdf")
    outside = tmp_path / "secret.pdf"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "out.pdf").symlink_to(outside)
    os.mkfifo(root / "pipe.pdf")
    return root


def test_folders_skip_special_files_and_links_leading_out_with_reasons(folder):
    found = discover_pdfs([str(folder), "/dev/zero", str(folder / "missing.pdf")])
    assert found.files == [folder / "good.pdf"]  # the inside link is the same file
    reasons = dict(found.refused)
    assert reasons == {
        str(
            folder / "out.pdf"
        ): f"a symlink leading out of {folder}: not followed (UNWH_FOLLOW_SYMLINKS=true follows it)",
        str(folder / "pipe.pdf"): "not a regular file: a FIFO (named pipe)",
        "/dev/zero": "not a regular file: a character device",
        str(folder / "missing.pdf"): "no such file or folder",
    }
    followed = discover_pdfs([str(folder)], follow_symlinks=True)
    assert followed.files == [folder / "good.pdf", folder / "out.pdf"]
    # the inbox source (nightly, watch) does the same
    from sources.inbox import snapshot

    assert sorted(snapshot(folder)) == [folder / "good.pdf", folder / "sub" / "again.pdf"]
    assert folder / "out.pdf" in snapshot(folder, follow_symlinks=True)


def test_unwh_ingest_dev_zero_a_good_pdf_and_a_url_loads_both_documents_and_exits_1(api, hostile, tmp_path):
    good, warehouse = tmp_path / "good.pdf", tmp_path / "wh" / "w.duckdb"
    good.write_bytes(PDF)
    # with the session's extraction cache (conftest)
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path / "home"), "UNWH_WORKERS": "1",
           "UNWH_INBOX": str(tmp_path / "inbox")}  # fmt: skip
    url = f"{hostile}/zh/A/00/1"
    done = subprocess.run([str(BIN / "unwh"), "ingest", "/dev/zero", str(good), url, "--warehouse", str(warehouse)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not a regular file: a character device" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    # the summary's elapsed time is the command's: at least its start-up stage, which it includes
    elapsed = float(re.search(r"elapsed: ([\d.]+) s", done.stdout).group(1))
    startup = float(re.search(r"start-up ([\d.]+) s", done.stdout).group(1))
    assert elapsed >= startup > 0, done.stdout
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT document_id, status, source_uri FROM documents").fetchall()
        assert sorted(rows) == sorted(
            [
                (fingerprint_file(good).document_id, "loaded", str(good.resolve())),
                (fingerprint_file(SAMPLES / Y).document_id, "loaded", url),
            ]
        )
    finally:
        con.close()


def test_on_arrival_refuses_a_path_outside_the_inbox(prefect_harness, tmp_path, monkeypatch):
    from flows.on_arrival import on_arrival

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "escape.pdf").symlink_to(SAMPLES / X)  # inside by name, outside once resolved
    monkeypatch.setenv("UNWH_INBOX", str(inbox))
    warehouse = tmp_path / "w.duckdb"
    for path in (SAMPLES / X, inbox / "escape.pdf", inbox / ".." / X):
        state = on_arrival(path=str(path), warehouse=str(warehouse), return_state=True)
        assert state.is_failed() and "not inside the inbox" in state.message, (path, state.message)
    assert not warehouse.exists()


# --- accurate reasons for damaged files -------------------------------------------------------

from reportlab.pdfgen import canvas  # noqa: E402

from extract.document import extract_document  # noqa: E402
from extract.exceptions import CorruptStream, DamagedXref  # noqa: E402


def _drawn(path: Path) -> bytes:
    pdf = canvas.Canvas(str(path), pageCompression=1)
    for page in range(2):
        for i in range(20):
            pdf.drawString(72, 720 - 18 * i, f"Line {i} of page {page} of a small drawn report.")
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


def test_a_damaged_xref_is_named_not_taken_for_a_scan(tmp_path):
    data = _drawn(tmp_path / "good.pdf")
    start = data.rindex(b"\nxref") + 1
    end = data.index(b"trailer", start)
    # every offset moved 7 bytes on: the table points into the middle of the objects
    table = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data[start:end])
    (tmp_path / "xref.pdf").write_bytes(data[:start] + table + data[end:])
    with pytest.raises(DamagedXref, match=r"cross-reference table is damaged \(\d+ of \d+ object offsets") as err:
        extract_document(tmp_path / "xref.pdf")
    assert err.value.check == "damaged_xref" and "scanned" not in str(err.value)


def test_a_corrupt_content_stream_is_named_with_its_page(tmp_path):
    data = _drawn(tmp_path / "good.pdf")
    streams = [m.end() for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    contents = [s for s in streams if b"/Filter" in data[data.rindex(b"obj", 0, s) : s]]
    at = contents[-1] + 10  # inside the last encoded stream: the second page's content
    damaged = data[:at] + bytes(b ^ 0xFF for b in data[at : at + 30]) + data[at + 30 :]
    (tmp_path / "stream.pdf").write_bytes(damaged)
    with pytest.raises(CorruptStream, match=r"page 2: the page's content cannot be decoded") as err:
        extract_document(tmp_path / "stream.pdf")
    assert err.value.check == "corrupt_stream" and err.value.page == 2


# --- versions of one report ---------------------------------------------------------------------


def test_re_saved_bytes_of_a_report_become_its_current_version(prefect_harness, tmp_path, monkeypatch):
    from flows.ingest import ingest

    monkeypatch.setenv("UNWH_CACHE_DIR", str(tmp_path / "cache"))
    first, again = tmp_path / "first.pdf", tmp_path / "re-saved.pdf"
    first.write_bytes(PDF)
    again.write_bytes(PDF + b"\n% saved again by another tool\n")  # other bytes, the same report
    warehouse = tmp_path / "w.duckdb"
    for path in (first, again):
        (outcome,) = ingest(paths=[str(path)], warehouse=str(warehouse), return_state=True).result().documents
        assert outcome.status == "loaded", outcome.reason
    old, new = fingerprint_file(first).document_id, fingerprint_file(again).document_id
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT document_id, symbol, is_current, version_of FROM documents ORDER BY ingested_at")
        assert rows.fetchall() == [(old, "UNEP/GC.26/18", False, None), (new, "UNEP/GC.26/18", True, old)]
        counted = con.execute(
            "SELECT symbol, count(*) FROM paragraphs JOIN documents USING (document_id) "
            "WHERE kind = 'paragraph' AND is_current GROUP BY symbol"
        ).fetchall()
        once = con.execute("SELECT count(*) FROM paragraphs WHERE kind = 'paragraph' AND document_id = ?", [old])
        assert counted == [("UNEP/GC.26/18", once.fetchone()[0])]  # the README's query counts one version
    finally:
        con.close()


def test_a_temporary_server_too_slow_to_start_is_a_clear_error_with_exit_3(tmp_path):
    home = tmp_path / "home"
    run = _cli(home, tmp_path / "w.duckdb", X, UNWH_SERVER_STARTUP_TIMEOUT="0.2")  # no server starts this fast
    out, _ = run.communicate(timeout=300)
    assert run.returncode == 3, out
    assert "nothing was run: the temporary Prefect server did not start within 0.2 s" in out
    assert "(UNWH_SERVER_STARTUP_TIMEOUT" in out
    assert "Traceback" not in out
    assert _processes_with_home(home) == [], "the server it started was left behind"
    assert not (tmp_path / "w.duckdb").exists()
