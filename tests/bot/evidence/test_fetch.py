"""Downloading Slack files: the token, the size cap, retries and timeouts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.evidence import DownloadFailed, download

TOKEN = "xoxb-test-token"
BODY = b"%PDF-1.4 evidence " * 1000


class FileServer(ThreadingHTTPServer):
    """A stand-in for files.slack.com that counts requests per path."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: dict[str, int] = {}
        self.failures_before_success = 2
        self.release = threading.Event()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: FileServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/pdf") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        with self.server.lock:
            hits = self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(200, b"<html>Sign in to Slack</html>", "text/html; charset=utf-8")
        elif self.path == "/file":
            self._send(200, BODY)
        elif self.path == "/flaky":
            if hits <= self.server.failures_before_success:
                self._send(500, b"oops", "text/plain")
            else:
                self._send(200, BODY)
        elif self.path == "/hang":
            self.server.release.wait(10)
        elif self.path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x" * 1024)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/file")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    server = FileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def files(server: FileServer) -> FileServer:
    with server.lock:
        server.hits.clear()
        server.failures_before_success = 2
    return server


def no_sleep(seconds: float) -> None:
    pass


def test_downloads_with_the_bearer_token(files: FileServer) -> None:
    assert download(f"{files.base}/file", TOKEN, max_bytes=10**6, timeout=5) == BODY


def test_follows_a_redirect_on_the_same_host(files: FileServer) -> None:
    assert download(f"{files.base}/redirect", TOKEN, max_bytes=10**6, timeout=5) == BODY


def test_retries_server_errors_then_succeeds(files: FileServer) -> None:
    waits: list[float] = []
    got = download(
        f"{files.base}/flaky", TOKEN, max_bytes=10**6, timeout=5, retries=3, sleep=waits.append
    )
    assert got == BODY
    assert files.hits["/flaky"] == 3
    assert waits == [1.0, 2.0]


def test_gives_up_after_the_retries(files: FileServer) -> None:
    files.failures_before_success = 100
    with pytest.raises(DownloadFailed) as caught:
        download(
            f"{files.base}/flaky", TOKEN, max_bytes=10**6, timeout=5, retries=2, sleep=no_sleep
        )
    assert files.hits["/flaky"] == 3
    assert caught.value.transient
    assert "after 3 attempts" in caught.value.reason
    assert "500" in caught.value.reason


def test_a_hanging_server_times_out(files: FileServer) -> None:
    with pytest.raises(DownloadFailed) as caught:
        download(
            f"{files.base}/hang", TOKEN, max_bytes=10**6, timeout=0.2, retries=1, sleep=no_sleep
        )
    assert files.hits["/hang"] == 2
    assert "after 2 attempts" in caught.value.reason
    assert "Timeout" in caught.value.reason


def test_a_file_over_the_cap_is_refused(files: FileServer) -> None:
    with pytest.raises(DownloadFailed, match="larger than"):
        download(f"{files.base}/file", TOKEN, max_bytes=100, timeout=5, sleep=no_sleep)
    with pytest.raises(DownloadFailed, match="larger than"):
        download(f"{files.base}/big-undeclared", TOKEN, max_bytes=50_000, timeout=5, sleep=no_sleep)
    # A refusal is not transient: it is not retried.
    assert files.hits["/file"] == 1
    assert files.hits["/big-undeclared"] == 1


def test_a_missing_file_is_not_retried(files: FileServer) -> None:
    with pytest.raises(DownloadFailed, match="no longer in Slack"):
        download(f"{files.base}/deleted", TOKEN, max_bytes=10**6, timeout=5, sleep=no_sleep)
    assert files.hits["/deleted"] == 1


def test_a_sign_in_page_is_not_taken_for_the_file(files: FileServer) -> None:
    with pytest.raises(DownloadFailed, match="sign-in page"):
        download(f"{files.base}/file", "xoxb-wrong", max_bytes=10**6, timeout=5, sleep=no_sleep)


def test_the_token_never_goes_over_plain_http_to_another_host() -> None:
    with pytest.raises(DownloadFailed, match="not a secure"):
        download("http://files.slack.com/x.pdf", TOKEN, max_bytes=10, timeout=1)
