"""Accessibility: everything that makes a screen usable by an 85-year-old.

- `speech`: engines (espeak-ng, pyttsx3, gTTS, text-only), cache, players, the Speaker.
- `speech_text`: what to say for what is shown (dates, times, money, phones, plates…).
- `hosts`, `themes`: each channel's sizes and colours; standard, high-contrast and dark themes.
- `audit`: `onekey audit`, the MIIT 适老化 numbers checked against hosts, themes and the spec.
- `slips`: printed confirmation slips.

Nothing here imports Kivy or Flask (the Kivy audio player is `shared_ui.kivy_kit.kivy_player`).
"""
