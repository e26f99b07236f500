"""Which key means what, as data: PC keyboards, Android TV remotes, Chinese STB IR remotes.

Codes are what Kivy's ``Window.on_key_down`` receives: SDL2 keycodes after Kivy's own
translation table (arrows become 273–276, F1–F12 282–293, keypad digits 256–265; keys Kivy
does not translate keep their SDL value, e.g. ``SDLK_SELECT`` = 0x40000077 = 1073741943).

Android TV (SDL2's Android key table, ``SDL_androidkeyboard.c``): DPAD_UP/DOWN/LEFT/RIGHT
arrive as the arrow keys, DPAD_CENTER as SDL's SELECT key (1073741943), BACK as AC_BACK
(1073742094; Kivy rewrites it to Escape 27 on Android), MENU as SDLK_MENU, the digit keys as
'0'–'9'. The colour keys (KEYCODE_PROG_RED = 183 …) have no SDL scancode and reach SDL as
"unknown" (0); a box build forwards them with the Android side's key listener, using
:data:`ANDROID_KEYCODES`, to :meth:`tv_app.remote.Remote.android_key`.

Chinese set-top boxes on Linux receive NEC-protocol IR through rc-core, which turns scan
codes into kernel ``KEY_*`` codes (per-remote keymaps, ``ir-keytable``). SDL2 has no scancode
for KEY_OK (352) or the colour keys KEY_RED…KEY_BLUE (398–401), so the box's keymap binds
those buttons to keys SDL knows; :data:`LINUX_IR_BINDINGS` is the table we ship for that.
"""
from __future__ import annotations

from dataclasses import dataclass

# Actions the remote can ask for (tv_app.remote turns them into flow-engine events).
ACTIONS = ("up", "down", "left", "right", "ok", "back", "home", "sos", "repeat", "help",
           *(f"digit:{n}" for n in range(1, 10)))

SDLK = 1 << 30  # SDL_SCANCODE_TO_KEYCODE: non-character keys are scancode | 1<<30
SDLK_SELECT = SDLK | 0x77  # 1073741943 — Android DPAD_CENTER
SDLK_MENU = SDLK | 0x76  # 1073741942 — Android MENU, Linux KEY_MENU
SDLK_APPLICATION = SDLK | 0x65  # 1073741925 — the PC keyboard's context-menu key
SDLK_AC_HOME = SDLK | 0x10D  # 1073742093 — Android HOME (when the system lets it through), KEY_HOMEPAGE
SDLK_AC_BACK = SDLK | 0x10E  # 1073742094 — Android BACK, Linux KEY_BACK


@dataclass(frozen=True)
class Key:
    code: int  # as delivered to Window.on_key_down
    action: str
    name: str
    source: str  # pc | android_tv | stb_ir


def _digits(source: str, prefix: str) -> tuple[Key, ...]:
    return tuple(Key(ord(str(n)), f"digit:{n}", f"{prefix}{n}", source) for n in range(1, 10))


PC_KEYBOARD: tuple[Key, ...] = (
    Key(273, "up", "Up", "pc"),
    Key(274, "down", "Down", "pc"),
    Key(276, "left", "Left", "pc"),
    Key(275, "right", "Right", "pc"),
    Key(13, "ok", "Return", "pc"),
    Key(271, "ok", "KP_Enter", "pc"),
    Key(32, "ok", "Space", "pc"),
    Key(27, "back", "Escape", "pc"),
    Key(8, "back", "BackSpace", "pc"),
    Key(278, "home", "Home", "pc"),
    Key(SDLK_APPLICATION, "home", "Menu (context key)", "pc"),
    Key(282, "sos", "F1 (red)", "pc"),
    Key(283, "repeat", "F2 (green)", "pc"),
    Key(285, "help", "F4 (blue)", "pc"),
    *_digits("pc", ""),
    *(Key(256 + n, f"digit:{n}", f"KP_{n}", "pc") for n in range(1, 10)),
)

ANDROID_TV: tuple[Key, ...] = (
    Key(273, "up", "KEYCODE_DPAD_UP", "android_tv"),
    Key(274, "down", "KEYCODE_DPAD_DOWN", "android_tv"),
    Key(276, "left", "KEYCODE_DPAD_LEFT", "android_tv"),
    Key(275, "right", "KEYCODE_DPAD_RIGHT", "android_tv"),
    Key(SDLK_SELECT, "ok", "KEYCODE_DPAD_CENTER", "android_tv"),
    Key(SDLK_AC_BACK, "back", "KEYCODE_BACK", "android_tv"),
    Key(SDLK_MENU, "home", "KEYCODE_MENU", "android_tv"),
    Key(SDLK_AC_HOME, "home", "KEYCODE_HOME", "android_tv"),
    *_digits("android_tv", "KEYCODE_"),
)

# What a Chinese STB's IR keymap should produce for each button (see LINUX_IR_BINDINGS), as
# Kivy then sees it. Button names as printed on the remotes.
STB_IR: tuple[Key, ...] = (
    Key(273, "up", "上", "stb_ir"),
    Key(274, "down", "下", "stb_ir"),
    Key(276, "left", "左", "stb_ir"),
    Key(275, "right", "右", "stb_ir"),
    Key(13, "ok", "确定/OK", "stb_ir"),
    Key(SDLK_AC_BACK, "back", "返回", "stb_ir"),
    Key(SDLK_AC_HOME, "home", "主页", "stb_ir"),
    Key(SDLK_MENU, "home", "菜单", "stb_ir"),
    Key(282, "sos", "红键", "stb_ir"),
    Key(283, "repeat", "绿键", "stb_ir"),
    Key(285, "help", "蓝键", "stb_ir"),
    Key(SDLK | 0x75, "help", "帮助 (KEY_HELP)", "stb_ir"),  # SDL_SCANCODE_HELP
    *_digits("stb_ir", "数字"),
)

ALL_KEYS: tuple[Key, ...] = PC_KEYBOARD + ANDROID_TV + STB_IR

# Raw Android KeyEvent codes for keys SDL2 does not translate (forwarded by the box build).
ANDROID_KEYCODES: dict[int, str] = {
    183: "sos",  # KEYCODE_PROG_RED
    184: "repeat",  # KEYCODE_PROG_GREEN
    186: "help",  # KEYCODE_PROG_BLUE
    165: "repeat",  # KEYCODE_INFO
    23: "ok",  # KEYCODE_DPAD_CENTER (if a build bypasses SDL)
    4: "back",  # KEYCODE_BACK
}

# Linux input codes an rc-core keymap should bind the remote's buttons to, so SDL sees them:
# button -> (kernel key name, kernel code). KEY_OK and KEY_RED.. have no SDL scancode.
LINUX_IR_BINDINGS: dict[str, tuple[str, int]] = {
    "确定/OK": ("KEY_ENTER", 28),
    "返回": ("KEY_BACK", 158),
    "主页": ("KEY_HOMEPAGE", 172),
    "菜单": ("KEY_MENU", 139),
    "红键": ("KEY_F1", 59),
    "绿键": ("KEY_F2", 60),
    "蓝键": ("KEY_F4", 62),
    "上": ("KEY_UP", 103),
    "下": ("KEY_DOWN", 108),
    "左": ("KEY_LEFT", 105),
    "右": ("KEY_RIGHT", 106),
}

# The repeat filter never lets a held key act twice, except these (the long OK on the SOS tile).
HOLDABLE = frozenset({"ok"})


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for key in ALL_KEYS:
        if table.setdefault(key.code, key.action) != key.action:
            raise ValueError(f"key code {key.code} ({key.name}) maps to two actions")
    return table


KEY_ACTIONS: dict[int, str] = _table()


def action_for(code: int) -> str | None:
    """The action of a Kivy key code, or None for keys the TV app ignores."""
    return KEY_ACTIONS.get(code)
