"""Synthesize every fixed prompt of the UI spec ahead of time, so fixed prompts start at once.

Prompts come from `shared_ui.spec.load_spec().iter_prompts()` as (prompt_id, zh_CN text);
English text comes from the gettext catalog, Cantonese is spoken from the Chinese source.
The results are pinned in the cache (never evicted). espeak runs as child processes, so a
small thread pool keeps both cores busy.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .engine import Engine
from .locales import spoken_locale
from .speaker import Speaker


@dataclass(frozen=True)
class PromptJob:
    prompt_id: str
    locale: str
    text: str
    rate: float


@dataclass
class PrebuildResult:
    built: int = 0
    already: int = 0
    failed: list[tuple[PromptJob, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.built + self.already + len(self.failed)


def prompt_jobs(prompts: Iterable[tuple[str, str]], locales: Sequence[str], rates: Sequence[float],
                translate: Callable[[str, str], str]) -> list[PromptJob]:
    jobs = []
    prompts = list(prompts)
    for locale in locales:
        loc = spoken_locale(locale)
        for rate in rates:
            for prompt_id, zh_text in prompts:
                text = zh_text if loc.text_locale == "zh_CN" else translate(zh_text, loc.text_locale)
                jobs.append(PromptJob(prompt_id, loc.code, text, rate))
    return jobs


def prebuild(speaker: Speaker, jobs: Sequence[PromptJob], engine: Engine, *, workers: int = 2,
             on_done: Callable[[PromptJob], None] | None = None) -> PrebuildResult:
    result = PrebuildResult()
    started = time.perf_counter()

    def one(job: PromptJob):
        spoken = speaker.normalise(job.text, job.locale)
        rendering = speaker.render(spoken, job.locale, rate=job.rate, pinned=True, engines=[engine])
        return job, rendering

    serial = workers <= 1 or engine.name == "pyttsx3"  # pyttsx3's driver is process-global
    with ThreadPoolExecutor(max_workers=1 if serial else workers) as pool:
        for job, rendering in pool.map(one, jobs):
            if rendering.audio is None:
                reason = "; ".join(f"{f.code}: {f.message}" for f in rendering.failures) or "no audio"
                result.failed.append((job, reason))
            elif rendering.cached:
                result.already += 1
            else:
                result.built += 1
            if on_done:
                on_done(job)
    result.seconds = time.perf_counter() - started
    return result


def spec_prompts() -> list[tuple[str, str]]:
    """The spec's fixed prompts (ImportError if shared_ui's spec is not installed)."""
    from shared_ui.spec import load_spec

    return list(load_spec().iter_prompts())


__all__ = ["PrebuildResult", "PromptJob", "prebuild", "prompt_jobs", "spec_prompts"]
