"""espeak-ng driven through its command line: the offline default.

Why the CLI and not pyttsx3's in-process espeak driver (which `Pyttsx3Engine` wraps too):
- pyttsx3 2.99 keeps one process-wide libespeak-ng with a single synth callback and global
  voice/rate settings, so two speakers or threads would mix their audio; its
  `runAndWait()` can return before `save_to_file` has written the WAV; it prints to stdout.
- a child process can be given a deadline and killed, and when it exits the WAV is closed
  and complete (we still verify it); each call is independent and thread-safe.
- it costs ~15–30 ms per sentence here, well under what a listener notices.

English text may carry Chinese names (hospital names); those runs are wrapped in SSML and
spoken with the Mandarin voice instead of espeak saying "Chinese letter" for each character.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from .audio import SynthesisError
from .locales import spoken_locale
from .rates import EspeakVoicing

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\s]*")
MANDARIN_VOICE = "cmn-latn-pinyin"


def ssml_with_chinese(text: str) -> str:
    """Wrap Chinese runs of an English sentence so espeak speaks them in Mandarin."""
    parts, last = [], 0
    for m in _CJK_RUN.finditer(text):
        parts.append(escape(text[last:m.start()]))
        parts.append(f'<voice name="{MANDARIN_VOICE}">{escape(m.group(0))}</voice>')
        last = m.end()
    parts.append(escape(text[last:]))
    return "<speak>" + "".join(parts) + "</speak>"


class EspeakEngine(EspeakVoicing):
    name = "espeak"
    produces_audio = True
    cooldown_s = 0.0

    def __init__(self, binary: str | None = None, timeout_s: float = 10.0):
        self._binary = binary
        self.timeout_s = timeout_s

    @property
    def binary(self) -> str:
        found = self._binary or shutil.which("espeak-ng") or shutil.which("espeak")
        if not found:
            raise SynthesisError("engine_missing", "espeak-ng is not installed", self.name)
        return found

    def command(self, text: str, locale: str, rate: float, out: Path) -> tuple[list[str], str]:
        voice = self.voice_for(locale)
        cmd = [self.binary, "--stdin", "-b", "1", "-v", voice, "-s", str(self.speed(locale, rate)), "-w", str(out)]
        if voice != MANDARIN_VOICE and spoken_locale(locale).code == "en" and _CJK_RUN.search(text):
            cmd.insert(1, "-m")
            text = ssml_with_chinese(text)
        return cmd, text

    def synthesize(self, text: str, locale: str, rate: float, out: Path) -> None:
        cmd, payload = self.command(text, locale, rate, out)
        try:
            done = subprocess.run(cmd, input=payload.encode("utf-8"), capture_output=True, timeout=self.timeout_s)
        except subprocess.TimeoutExpired as exc:
            raise SynthesisError("timeout", f"espeak-ng took over {self.timeout_s} s", self.name) from exc
        except OSError as exc:
            raise SynthesisError("engine_missing", str(exc), self.name) from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
            raise SynthesisError("engine_failed", message, self.name)
