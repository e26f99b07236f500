"""What the centre does with one service beyond the lifecycle every request shares.

Each service's own module declares one :class:`Handling` and ``registry`` lists them, so
``intake`` asks the service instead of switching on its name: a new service is its spec, its
module, one line in the registry and its name and form in the contract
(``schemas/service_requests.py``) — no edit of intake.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import ApiError
from ..models import Elder, ServiceRequest
from ..providers import Providers
from ..schemas.service_requests import Form, TopicForm


@dataclass
class Filing:
    """One request being carried out: what a service's check and booking are given.

    ``checked`` says the service's :attr:`Handling.check` has run for this filing (self mode
    checks before anything is written) and ``found`` is what it returned (the slot, the
    hospital, the prescription, the policy), so booking does not look it up twice. An agent's
    confirm books an unchecked filing, and the booking checks for itself."""

    db: Session
    elder: Elder
    form: BaseModel | None  # the complete form; None for a call-back's partial one
    data: dict[str, Any]  # the form as kept on the request (a check may add to it)
    providers: Providers
    settings: Settings
    actor: str
    request: ServiceRequest | None = None
    checked: bool = False
    found: Any = None


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class Refused:
    """Why she cannot file it now, in words she understands: what she already has and where it
    stands, and what to do instead; ``request_id`` names the request she has (查看办理进度)."""

    code: str
    message: str
    request_id: str | None = None

    def error(self) -> ApiError:
        return ApiError(self.code, self.message)


@dataclass(frozen=True)
class BeforeForm:
    """A refusal known before the form is opened: she has one open already, she has it
    installed, the rules refuse her on the facts on file. ``rule`` is the one the filing's
    ``check`` runs too (:func:`refuse_before_form`), so the precheck is a dry run of the
    filing's own rule, never a copy; ``None`` when it does not refuse her."""

    name: str
    rule: Callable[[Session, Elder], "Refused | None"]


def first_refusal(rules: "tuple[BeforeForm, ...]", db: Session, elder: Elder) -> "tuple[str, Refused] | None":
    for before in rules:
        refused = before.rule(db, elder)
        if refused is not None:
            return before.name, refused
    return None


def refuse_before_form(rules: "tuple[BeforeForm, ...]", db: Session, elder: Elder) -> None:
    """The filing's check: raises what the precheck would have said (a race between the two,
    a second channel filing meanwhile, is still refused here)."""
    found = first_refusal(rules, db, elder)
    if found is not None:
        raise found[1].error()


@dataclass(frozen=True)
class Handling:
    """``fulfilled_by`` is the spec's word for who carries a filed request out (shared_ui's
    ``Service.fulfilled_by``): ``provider`` — the centre books it at once in self mode, and when
    an agent confirms a complete form; ``desk`` — a desk of the centre's own works it
    (``desk_words`` says where), so the generic transitions refuse it; ``agent`` — an agent
    calls back, and only what ``check`` and ``book`` add happens beyond the lifecycle."""

    service: str
    words: str  # 叫车: the service in every status sentence (叫车已取消)
    form: type[Form] = TopicForm
    fulfilled_by: Literal["provider", "desk", "agent"] = "agent"
    desk_words: str = ""
    # Call mode and an agent's edit: a time given is checked as self mode checks it.
    given_times: Callable[[Session, dict[str, Any]], None] = _nothing
    # Before anything is written: raises the refusal, returns what booking will need.
    check: Callable[[Filing], Any] = _nothing
    # After the request is added: books it, or files it at its desk, and tells the elder.
    # ``None``: the elder is told it was filed and an agent will call.
    book: Callable[[Filing], None] | None = None
    # What most often keeps it from being done: a code and the sentence the elder hears, the
    # first an agent is offered when failing it (the console's 常用说法).
    usual_failure: tuple[str, str] | None = None
    # On cancel, before the request moves: give back what was booked (409 when it cannot be).
    release: Callable[[Session, ServiceRequest, Providers], None] = _nothing
    # Refusals known before the form, asked by the channels before they open it
    # (GET /v1/elders/{id}/services/{service}/precheck); ``check`` runs them too. The spec's
    # service says ``precheck: true`` exactly when this is not empty (a test holds the two).
    before_form: tuple[BeforeForm, ...] = ()

    def refusal_before_form(self, db: Session, elder: Elder) -> "tuple[str, Refused] | None":
        """The first refusal of :attr:`before_form` that holds for her, with its name."""
        return first_refusal(self.before_form, db, elder)

    @property
    def books_by_provider(self) -> bool:
        return self.fulfilled_by == "provider"

    @property
    def done_when_confirmed(self) -> bool:
        """An agent's call-back (找人工, 咨询): confirmed is the answer given — nothing is ahead
        that a cancel could stop, so none is offered nor taken (a user trial was offered
        取消这项服务 under 找人工 已办好). A booking or a desk's matter has its part still to come."""
        return self.fulfilled_by == "agent"

    def acts_now(self, mode: str) -> bool:
        """Whether filing in ``mode`` runs this service's check and booking: a provider's
        service books only a complete self-mode form; the others act on every filing."""
        return mode == "self" or not self.books_by_provider
