"""Fixtures for the speech and audit tests: a private speech cache, local network endpoints
that fail the ways a real network does (refused, silent), and a local fake of the Google TTS
endpoint. Nothing here reaches the internet."""
from __future__ import annotations

import base64
import re
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
# Phoneme fragments espeak uses for English number words (one … twenty, thirty, hundred).
ENGLISH_NUMBER_PHONEMES = ("w'0n", "t'u:", "Tr'i:", "f'o@", "f'aIv", "s'Iks", "s'Ev@n", "'eIt", "n'aIn",
                           "t'En", "Il'Ev", "tw'Elv", "tw'Enti", "T'3:ti", "h'VndrEd", "T'aUz@nd")


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """gTTS passes the environment's proxies to requests; tests talk to 127.0.0.1 directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("ONEKEY_SPEECH_ENGINES", "ONEKEY_SPEECH_ONLINE", "ONEKEY_SPEECH_CACHE", "ONEKEY_GTTS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "speech-cache"


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on: connections are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_server():
    """A local server that accepts connections and never answers (a network dropping replies)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


class _FakeGoogle(BaseHTTPRequestHandler):
    mp3 = b""
    requests: list[str] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        type(self).requests.append(self.path + "?" + body)
        payload = base64.b64encode(self.mp3).decode()
        line = ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + payload + '\\"]",null,null,null,"generic"]]\n'
        data = line.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_google_tts():
    """A local stand-in for translate.google.com's batchexecute TTS answering with a real MP3."""
    handler = type("Handler", (_FakeGoogle,), {"mp3": (DATA / "hello.mp3").read_bytes(), "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.handler = handler
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def espeak_phonemes(text: str, voice: str = "cmn-latn-pinyin") -> str:
    done = subprocess.run(["espeak-ng", "-q", "-x", "--stdin", "-b", "1", "-v", voice],
                          input=text.encode(), capture_output=True, check=True, timeout=30)
    return done.stdout.decode()


def assert_mandarin_phonemes(text: str) -> str:
    """The Mandarin voice reads `text` with Mandarin tones and never switches to English numbers."""
    phonemes = espeak_phonemes(text)
    assert "(en)" not in phonemes, (text, phonemes)
    assert re.search(r"[a-zA-Z@:]+(55|35|21|214|51)", phonemes), (text, phonemes)
    for fragment in ENGLISH_NUMBER_PHONEMES:
        assert fragment not in phonemes, (fragment, text, phonemes)
    return phonemes


def chinese_chars(text: str) -> int:
    return len(re.findall(r"[\u3400-\u9fff]", text))
