"""Speech benchmark: time to first audio per engine, and the spec prebuild.

Time to first audio (TTFA) is the time from `Speaker.speak()` to the player being handed a
complete, verified WAV (a RecordingPlayer, so no sound card is involved):
  - a cached prompt (a fixed prompt already in the cache),
  - a new 40-character sentence (never seen before: normalise + synthesize + verify + cache).
gTTS has no network on this machine: its row measures how fast a gTTS-first chain gives up on
a refused connection and on a silent one (its deadline), then speaks with espeak.
Prebuild: every fixed prompt of the UI spec × zh_CN, en, yue, into an empty cache.
Normalisation: the time per sentence of `normalise` over the pinned corpus
(tests/accessibility/data/speech_corpus.tsv), per class, beside its floor — wetext alone on
the same sentences (the general library the pipeline calls once a sentence) — and the first
rare character's one-off load of the Unihan and pypinyin readings.

    .venv/bin/python bench/bench_speech.py [--repeat 15]

Prints a table and writes bench/results/speech.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from accessibility.speech import (AudioCache, EspeakEngine, GttsEngine, Pyttsx3Engine, RecordingPlayer,  # noqa: E402
                                  Speaker, TextOnlyEngine, verify_wav)
from accessibility.speech.prebuild import prebuild, prompt_jobs, spec_prompts  # noqa: E402
from accessibility.speech.rates import NORMAL_RATE  # noqa: E402

CORPUS = ROOT / "tests" / "accessibility" / "data" / "speech_corpus.tsv"
TEMPLATE = "您预约的第六人民医院心内科门诊是明天上午，排队号是{n:03d}号，请带医保卡提前到达。"
CACHED_PROMPT = "正在为您办理，请稍候。"


def sentence(n: int) -> str:
    text = TEMPLATE.format(n=n)
    assert len(text) == 40, len(text)
    return text


def ms(values: list[float]) -> dict:
    values = sorted(v * 1000 for v in values)
    return {"median_ms": round(statistics.median(values), 2), "p90_ms": round(values[int(0.9 * (len(values) - 1))], 2),
            "min_ms": round(values[0], 2), "n": len(values)}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SilentServer:
    """Accepts connections and never answers (a network that drops replies)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.held, self.stop = [], threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while not self.stop.is_set():
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                pass

    def close(self):
        self.stop.set()
        for c in self.held:
            c.close()
        self.sock.close()


def bench_engine(name: str, engines, repeat: int, cache_root: Path, counter: list[int]) -> dict:
    speaker = Speaker(engines, AudioCache(cache_root / name), RecordingPlayer())
    first = speaker.speak(CACHED_PROMPT)              # put the prompt in the cache (and warm up)
    cached = [timed(lambda: speaker.speak(CACHED_PROMPT)) for _ in range(repeat)]
    fresh, engines_used = [], set()
    for _ in range(repeat):
        counter[0] += 1
        text = sentence(counter[0])
        holder = {}
        fresh.append(timed(lambda: holder.setdefault("u", speaker.speak(text))))
        u = holder["u"]
        engines_used.add(u.audio.engine if u.audio else "text")
    row = {"engine": name, "cached_prompt": ms(cached), "new_40_chars": ms(fresh),
           "spoken_by": sorted(engines_used),
           "audio_s_for_40_chars": round(u.audio.duration_s, 2) if u.audio else None,
           "notice": first.notice.code if first.notice else None}
    return row


def bench_normalise(repeat: int) -> dict:
    """Median µs per sentence of normalise(), per corpus class, beside wetext alone."""
    from accessibility.speech_text import normalise
    from accessibility.speech_text.general import _normalizer
    from accessibility.speech_text.rare_characters import _readings, readings

    corpus = [line.split("\t") for line in CORPUS.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    _readings.clear()
    rare_load = timed(readings)
    wetext = _normalizer()
    for _, locale, text, _ in corpus:  # warm: wetext's FSTs, regexes, readings
        normalise(text, locale)
    classes: dict[str, list[tuple[str, str]]] = {}
    for cls, locale, text, _ in corpus:
        classes.setdefault(cls, []).append((locale, text))
    rows = []
    for cls, sentences in classes.items():
        ours = [timed(lambda: [normalise(t, loc) for loc, t in sentences]) / len(sentences) for _ in range(repeat)]
        floor = [timed(lambda: [wetext.normalize(t) for _, t in sentences]) / len(sentences) for _ in range(repeat)]
        rows.append({"class": cls, "sentences": len(sentences),
                     "normalise_us": round(statistics.median(ours) * 1e6, 1),
                     "wetext_alone_us": round(statistics.median(floor) * 1e6, 1)})
    every = [timed(lambda: [normalise(t, loc) for _, loc, t, _ in corpus]) / len(corpus) for _ in range(repeat)]
    alone = [timed(lambda: [wetext.normalize(t) for _, _, t, _ in corpus]) / len(corpus) for _ in range(repeat)]
    return {"sentences": len(corpus), "per_class": rows,
            "all_normalise_us": round(statistics.median(every) * 1e6, 1),
            "all_wetext_alone_us": round(statistics.median(alone) * 1e6, 1),
            "rare_readings_load_ms": round(rare_load * 1000, 1)}


def bench_prebuild(workers: int) -> dict:
    from shared_ui.i18n import translate

    prompts = spec_prompts()
    with tempfile.TemporaryDirectory() as tmp:
        speaker = Speaker([EspeakEngine(), TextOnlyEngine()], AudioCache(Path(tmp)), RecordingPlayer())
        jobs = prompt_jobs(prompts, ["zh_CN", "en", "yue"], [1.0], translate)
        result = prebuild(speaker, jobs, EspeakEngine(), workers=workers)
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*.wav"))
    return {"prompts": len(prompts), "clips": result.total, "failed": len(result.failed), "workers": workers,
            "seconds": round(result.seconds, 2), "ms_per_clip": round(result.seconds / max(1, result.total) * 1000, 2),
            "cache_mb": round(size / 1e6, 1)}


def measured_rates() -> dict:
    """Units a minute actually produced at the default rate, per voice (calibration drift check)."""
    samples = {"zh_CN": "您的挂号已成功，十一月二十五日上午九点三十分，请提前三十分钟到达医院。",
               "yue": "您的挂号已成功，十一月二十五日上午九点三十分，请提前三十分钟到达医院。",
               "en": "Your registration is confirmed for twenty five November at nine thirty in the morning."}
    out = {}
    engine = EspeakEngine()
    with tempfile.TemporaryDirectory() as tmp:
        for locale, text in samples.items():
            path = Path(tmp) / f"{locale}.wav"
            engine.synthesize(text, locale, 1.0, path)
            units = len(text.split()) if locale == "en" else sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
            out[locale] = {"target_per_min": NORMAL_RATE[locale], "measured_per_min": round(units / verify_wav(path) * 60, 1),
                           "unit": "words" if locale == "en" else "characters",
                           "espeak_s": engine.speed(locale, 1.0)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    counter = [0]
    normalising = bench_normalise(max(5, args.repeat))
    silent = SilentServer()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rows.append(bench_engine("espeak", [EspeakEngine(), TextOnlyEngine()], args.repeat, root, counter))
        rows.append(bench_engine("pyttsx3", [Pyttsx3Engine(), TextOnlyEngine()], args.repeat, root, counter))
        refused = GttsEngine(endpoint=f"http://127.0.0.1:{closed_port()}", cooldown_s=0)
        rows.append(bench_engine("gtts (refused → espeak)", [refused, EspeakEngine(), TextOnlyEngine()],
                                 args.repeat, root, counter))
        dropped = GttsEngine(endpoint=silent.url, connect_timeout_s=1.5, read_timeout_s=2.0, deadline_s=2.0, cooldown_s=0)
        rows.append(bench_engine("gtts (silent network, 2 s deadline → espeak)", [dropped, EspeakEngine(), TextOnlyEngine()],
                                 max(2, args.repeat // 5), root, counter))
        cooled = GttsEngine(endpoint=silent.url, deadline_s=2.0, cooldown_s=120)
        rows.append(bench_engine("gtts (down, in cooldown → espeak)", [cooled, EspeakEngine(), TextOnlyEngine()],
                                 args.repeat, root, counter))
        rows.append(bench_engine("text", [TextOnlyEngine()], args.repeat, root, counter))
    silent.close()
    builds = [bench_prebuild(workers=os.cpu_count() or 2), bench_prebuild(workers=1)]
    rates = measured_rates()

    print("\nTime to first audio (speak() → verified WAV handed to the player), median / p90 ms")
    print(f"{'engine':48} {'cached prompt':>16} {'new 40 chars':>16}  spoken by")
    for r in rows:
        c, n = r["cached_prompt"], r["new_40_chars"]
        print(f"{r['engine']:48} {c['median_ms']:7.2f} / {c['p90_ms']:6.2f} {n['median_ms']:7.2f} / {n['p90_ms']:6.2f}  "
              f"{', '.join(r['spoken_by'])}")
    n = normalising
    print(f"\nNormalisation per sentence ({n['sentences']} pinned sentences), median µs: normalise / wetext alone")
    for r in n["per_class"]:
        print(f"  {r['class']:10} {r['sentences']:4} sentences {r['normalise_us']:9.1f} / {r['wetext_alone_us']:8.1f}")
    print(f"  {'all':10} {n['sentences']:4} sentences {n['all_normalise_us']:9.1f} / {n['all_wetext_alone_us']:8.1f}"
          f"   (first rare character: readings loaded once in {n['rare_readings_load_ms']} ms)")
    print("\nPrebuild of every fixed spec prompt (zh_CN, en, yue; espeak)")
    for b in builds:
        print(f"  {b['prompts']} prompts → {b['clips']} clips, {b['workers']} worker(s): {b['seconds']:.2f} s "
              f"({b['ms_per_clip']:.1f} ms/clip, {b['cache_mb']} MB, {b['failed']} failed)")
    print("\nRate at the default preset")
    for locale, r in rates.items():
        print(f"  {locale:6} target {r['target_per_min']:.0f} → measured {r['measured_per_min']:.0f} {r['unit']}/min "
              f"(espeak -s {r['espeak_s']})")

    espeak_version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.strip()
    result = {"benchmark": "speech", "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "espeak": espeak_version},
              "sentence_40_chars": sentence(0), "cached_prompt": CACHED_PROMPT,
              "time_to_first_audio": rows, "normalisation": normalising, "prebuild": builds, "rates": rates}
    out = ROOT / "bench" / "results" / "speech.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out)
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
