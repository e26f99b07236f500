"""`onekey speak`, `onekey speech …` and `onekey audit`."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

LOCALE_CHOICES = ("zh_CN", "en", "yue")


def _settings(cache_dir: Path | None, engines: list[str] | None = None, rate: str | None = None):
    from accessibility.speech import SpeechSettings

    return SpeechSettings.from_env(cache_dir=cache_dir, engines=engines, speech_rate=rate)


@click.command()
@click.argument("text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the WAV here.")
@click.option("--engine", type=click.Choice(("espeak", "pyttsx3", "gtts", "text")), default=None,
              help="First engine to try (gtts falls back to espeak at once when offline).")
@click.option("--locale", type=click.Choice(LOCALE_CHOICES), default="zh_CN", show_default=True)
@click.option("--rate", default=None, help="slow | normal | fast, a multiplier 0.85–1.3, or characters a minute (180).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def speak(text: str, output: Path | None, engine: str | None, locale: str, rate: str | None, cache_dir: Path | None) -> None:
    """Speak TEXT to a WAV file: print what is said and how long it lasts."""
    from accessibility.speech import build_speaker
    from accessibility.speech.rates import BadPreference

    engines = None
    if engine == "gtts":
        engines = ["gtts", "espeak", "text"]
    elif engine:
        engines = [engine, "text"] if engine != "text" else ["text"]
    try:
        speaker = build_speaker(_settings(cache_dir, engines, rate))
    except (BadPreference, ValueError) as exc:
        raise click.BadParameter(str(exc)) from None
    utterance = speaker.prepare(text, locale)
    click.echo(f"text: {utterance.spoken}")
    for failure in utterance.failures:
        click.echo(f"fallback: {failure.engine} failed ({failure.code}: {failure.message})", err=True)
    if utterance.audio is None:
        if utterance.notice is not None:
            click.echo(f"notice: {utterance.notice.code}: {utterance.notice.message}")
        if output is not None or engine != "text":
            sys.exit(1)
        return
    audio = utterance.audio
    click.echo(f"engine: {audio.engine} ({audio.voice})")
    click.echo(f"duration: {audio.duration_s:.2f} s")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(audio.path, output)
        click.echo(f"wrote: {output}")
    else:
        click.echo(f"file: {audio.path}")


@click.group()
def speech() -> None:
    """Speech cache tools."""


@speech.command()
@click.option("--locale", "locales", multiple=True, type=click.Choice(LOCALE_CHOICES),
              help="Locales to build (default: all).")
@click.option("--engine", type=click.Choice(("espeak", "pyttsx3", "gtts")), default="espeak", show_default=True)
@click.option("--rate", "rates", multiple=True, help="Rate presets or multipliers (default: normal).")
@click.option("--all-rates", is_flag=True, help="Build every rate preset (slow, normal, fast).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--workers", type=click.IntRange(1, 16), default=None, help="Parallel syntheses (default: CPU count).")
def prebuild(locales, engine, rates, all_rates, cache_dir, workers) -> None:
    """Synthesize every fixed prompt of the UI spec for each locale and voice."""
    from accessibility.speech import RATE_PRESETS, build_engine, build_speaker, resolve_rate
    from accessibility.speech.prebuild import prebuild as run_prebuild
    from accessibility.speech.prebuild import prompt_jobs, spec_prompts

    try:
        prompts = spec_prompts()
        from shared_ui.i18n import translate
    except ImportError as exc:
        raise click.ClickException(f"the UI spec is not available: {exc}") from None
    settings = _settings(cache_dir)
    speaker = build_speaker(settings)
    chosen = list(RATE_PRESETS) if all_rates else (list(rates) or ["normal"])
    jobs = prompt_jobs(prompts, list(locales) or list(LOCALE_CHOICES), [resolve_rate(r) for r in chosen], translate)
    synth = build_engine(engine, settings)
    with click.progressbar(length=len(jobs), label=f"Synthesizing {len(prompts)} prompts", show_pos=True) as bar:
        result = run_prebuild(speaker, jobs, synth, workers=workers or os.cpu_count() or 2,
                              on_done=lambda job: bar.update(1))
    click.echo(f"{result.total} clips ({len(prompts)} prompts × {len(locales) or len(LOCALE_CHOICES)} locales × "
               f"{len(chosen)} rates): {result.built} built, {result.already} already cached, "
               f"{len(result.failed)} failed in {result.seconds:.1f} s → {settings.cache_dir}")
    for job, reason in result.failed:
        click.echo(f"failed: {job.prompt_id} [{job.locale}]: {reason}", err=True)
    if result.failed:
        sys.exit(1)


@speech.command()
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def info(cache_dir) -> None:
    """Show where the speech cache is and how full it is."""
    from accessibility.speech import AudioCache

    settings = _settings(cache_dir)
    stats = AudioCache(settings.cache_dir, settings.cache_max_mb * 1024 * 1024).stats()
    click.echo(f"cache: {settings.cache_dir}")
    click.echo(f"pinned (prebuilt prompts): {stats.pinned_files} files, {stats.pinned_bytes / 1e6:.1f} MB")
    click.echo(f"recent (LRU): {stats.lru_files} files, {stats.lru_bytes / 1e6:.1f} MB of {stats.max_bytes / 1e6:.0f} MB")
    click.echo(f"engines: {', '.join(settings.chain())}")


@click.command()
@click.option("--hosts", "hosts_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Directory of host configs (default: accessibility/hosts).")
@click.option("--themes", "themes_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Directory of themes (default: accessibility/themes).")
@click.option("--spec", "spec_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="UI spec directory (default: the packaged spec).")
@click.option("--no-spec", is_flag=True, help="Check themes and host configs only.")
def audit(hosts_dir, themes_dir, spec_dir, no_spec) -> None:
    """Check the spec, themes and host configs against the elder-friendly (MIIT 适老化) rules."""
    from accessibility.audit import run_audit

    report = run_audit(hosts_dir, themes_dir, spec_dir, include_spec=not no_spec)
    for finding in report.findings:
        click.echo(str(finding), err=True)
    if report.findings:
        click.echo(f"audit failed: {len(report.findings)} finding(s) in {len(report.checked)} files checked", err=True)
        sys.exit(1)
    click.echo(f"audit passed: {len(report.checked)} files checked")
