"""Host config models: one strict model for every channel's look.

Sizes are in the channel's own `unit` (px on the TV, dp on the kiosk, CSS px in the
mini-program, pt on paper); `dp_per_unit` converts them to dp-equivalents, which is what the
MIIT rules are written in, so one audit checks every channel.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from accessibility.themes.models import Role

Channel = Literal["tv", "kiosk", "miniprogram", "slip"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Size(Strict):
    width: float = Field(gt=0)
    height: float = Field(gt=0)


class Insets(Strict):
    left: float = Field(ge=0)
    right: float = Field(ge=0)
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)


class TextStyle(Strict):
    size: float = Field(gt=0)
    line_height: float = Field(gt=0, description="multiple of the font size")
    weight: Literal["regular", "bold"] = "regular"


class Targets(Strict):
    primary: Size     # the main actions and service tiles
    secondary: Size   # everything else that can be pressed


class Spacing(Strict):
    gap: float = Field(ge=0)
    padding: float = Field(ge=0)
    radius: float = Field(ge=0)
    paragraph: float = Field(gt=0, description="paragraph spacing as a multiple of line spacing")


class Focus(Strict):
    ring_width: float = Field(gt=0)
    ring_offset: float = Field(ge=0, description="gap between tile and ring, drawn in the background colour")
    scale: float = Field(gt=0, description="how much the focused tile grows")


class Timing(Strict):
    idle_wipe_after_s: float = Field(gt=0, description="a session left alone this long is wiped")
    idle_warning_lead_s: float = Field(gt=0, description="warning shown and spoken this long before the wipe")
    extendable: bool

    @model_validator(mode="after")
    def _lead_inside(self) -> "Timing":
        if self.idle_warning_lead_s >= self.idle_wipe_after_s:
            raise ValueError("the warning must come before the wipe")
        return self


class Abilities(Strict):
    """What the channel's users can do; the flow engine reads it (shared_ui.flow.Abilities)."""

    typed_input: list[Literal["choice", "date", "time_slot", "address", "count", "phone", "text"]] = \
        Field(default_factory=list, description="field types typed rather than chosen")
    digit_shortcuts: bool = Field(description="digit keys select the numbered items")
    start: Literal["bound", "identify", "choose_elder"] = "bound"
    identify_by: list[Literal["id_number", "slip", "volunteer"]] = Field(default_factory=list)
    summary_from: int = Field(2, ge=2, description="this many waiting pop-ups become one summary")
    sos_tile_window_s: float = Field(0, ge=0, le=10, description="OK on the SOS tile raises after this spoken "
                                                                  "window, in which any key cancels; 0: at once")
    prints: bool = Field(False, description="a slip printer beside the screen: confirmed requests offer 打印凭条")
    shares_slips: bool = Field(False, description="发给家人: the slip goes to the bound family (offered up front, printer or not)")
    speaks: bool = Field(True, description="the screens are read aloud; a silent page (H5) offers no 重听")
    public_screen: bool = Field(False, description="others can see the screen (a kiosk at a health station): "
                                "a number to call is shown masked, and given whole on her slip")
    fixed_row: list[Literal["home", "back", "repeat", "help"]] = Field(
        default_factory=list, description="ways out the channel shows in a fixed row on every screen (the kiosk's "
        "bottom row): an answer doing the same is not offered again among a screen's answers")


class SpeechDefaults(Strict):
    speech_rate: str | float = "normal"
    volume: str | float = "normal"
    reset_after_user: bool = False


class Panel(Strict):
    diagonal_in: float = Field(gt=0)
    width_px: int = Field(gt=0)
    height_px: int = Field(gt=0)
    # How high its lower edge is mounted, standing upright and turned on its side: what an arm
    # can reach on it (ADA §308: 380–1220 mm above the floor).
    bottom_mm: float = Field(700, ge=0)
    landscape_bottom_mm: float = Field(850, ge=0)

    @property
    def ppi(self) -> float:
        return (self.width_px ** 2 + self.height_px ** 2) ** 0.5 / self.diagonal_in

    @property
    def kivy_density(self) -> float:
        """KIVY_METRICS_DENSITY that makes 1 dp = 1/160 inch on this panel."""
        return round(self.ppi / 160.0, 3)

    @property
    def mm_per_px(self) -> float:
        return 25.4 / self.ppi


class Page(Strict):
    """A paper layout of the slip channel."""

    # The layout's stylesheet in assets/slips: its :root sizes are what prints, and the audit
    # checks this page's text sizes against them (--title, --body, --small).
    css: str | None = None
    width_mm: float = Field(gt=0)
    margin_mm: float = Field(ge=0)
    qr_mm: float = Field(gt=0)
    text: dict[str, TextStyle]


class HostConfig(Strict):
    channel: Channel
    description: str
    unit: Literal["px", "dp", "pt"]
    dp_per_unit: float = Field(gt=0)
    interactive: bool
    viewport: Size | None = None
    safe_area: Insets | None = None
    panel: Panel | None = None
    text: dict[str, TextStyle]
    main_text: str = "body"
    spacing: Spacing
    targets: Targets | None = None
    focus: Focus | None = None
    font_scales: list[float]
    themes: list[str]
    default_theme: str
    colours: dict[Role, str] = Field(default_factory=dict, description="overrides of theme roles")
    layouts: dict[str, Page] = Field(default_factory=dict)
    timing: Timing | None = None
    speech: SpeechDefaults | None = None
    abilities: Abilities | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "HostConfig":
        for role in ("body", "headline"):
            if role not in self.text:
                raise ValueError(f"text needs a {role!r} style")
        if self.main_text not in self.text:
            raise ValueError(f"main_text {self.main_text!r} is not a text style")
        if self.default_theme not in self.themes:
            raise ValueError(f"default_theme {self.default_theme!r} is not among themes")
        if self.interactive and self.targets is None:
            raise ValueError("an interactive channel needs targets")
        if self.interactive and self.abilities is None:
            raise ValueError("an interactive channel needs abilities")
        return self

    def dp(self, value: float) -> float:
        """A size in this host's unit, in dp-equivalents."""
        return value * self.dp_per_unit

    def text_size(self, role: str, font_scale: float = 1.0) -> float:
        return self.text[role].size * font_scale
