"""Service request shapes: the envelope, per-service forms and results, transitions."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .common import Id, Query, ShanghaiTime, Strict

Service = Literal["registration", "taxi", "consultation", "escort", "discharge_transport", "refill",
                  "special_vehicle", "help", "device_application", "elder_services"]
Mode = Literal["self", "call"]
Channel = Literal["tv", "kiosk", "miniprogram", "phone", "console"]
Status = Literal["submitted", "accepted", "in_progress", "confirmed", "completed", "cancelled", "failed"]


class RequestCreate(Strict):
    elder_id: Id
    service: Service
    mode: Mode = "self"
    channel: Channel | None = Field(
        None, description="devices: always the device's own kind; others may say phone etc.")
    form: dict[str, Any] = Field(default_factory=dict, description=(
        "registration: RegistrationForm; taxi: TaxiForm; escort: EscortForm; discharge_transport: "
        "DischargeForm; refill: RefillForm; special_vehicle: SpecialVehicleForm; device_application: "
        "DeviceApplicationForm; elder_services: ElderServicesForm; consultation/help: TopicForm. In call mode every field may be missing."))
    note: str | None = Field(None, max_length=500)
    assisted_by: Id | None = Field(None, description="a kiosk: the volunteer signed in there who helped "
                                                     "(checked: on shift at this kiosk now)")
    labels: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=120)]] = Field(
        default_factory=dict, max_length=20, description=(
            "the words the channel showed for form values it sent (topic: 养老政策 for policy, "
            "callback_window: 尽快 for asap); kept for the fields the form kept, shown to agents "
            "in place of the codes (form_labels)"))


class Form(BaseModel):
    # Front ends may carry display fields along; only the fields below are kept. Values are
    # taken only as their own JSON type (``passengers: true`` is not 1), as in Strict.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, strict=True)


class RegistrationForm(Form):
    hospital_id: Id
    department_id: Id
    slot_id: Id


def _a_time(value: Any) -> Any:
    """Forms take their values strictly, so an ISO text is read here (no offset: Shanghai)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("时间要写成具体时间，比如 2026-11-25T09:30。")


class TaxiForm(Form):
    pickup_address: str = Field(min_length=4, max_length=200)
    destination_address: str = Field(min_length=4, max_length=200)
    pickup_time: Literal["now"] | datetime = "now"
    passengers: int = Field(1, ge=1, le=4)
    phone: str | None = Field(None, pattern=r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$")

    @field_validator("pickup_time", mode="before")
    @classmethod
    def _now_or_time(cls, value: Any) -> Any:
        if value == "now":
            return value
        try:
            return _a_time(value)
        except ValueError:
            raise ValueError("用车时间要么是现在（now），要么是具体时间，比如 2026-11-25T09:30。") from None

    @field_validator("pickup_address", "destination_address")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("地址不能空着。")
        return value


WallTime = Annotated[datetime, BeforeValidator(_a_time)]


class EscortForm(Form):
    """陪诊: who is taken to which hospital, when the visit is, and where they meet."""

    hospital_id: Id
    visit_time: WallTime
    meet: Literal["home", "hospital"] = "home"
    phone: str | None = Field(None, pattern=r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$")
    note: str | None = Field(None, max_length=500)


class DischargeForm(Form):
    """康复出院用车: from which hospital, when, and how the elder travels (the kind of car)."""

    hospital_id: Id
    pickup_time: WallTime
    mobility: Literal["seated", "wheelchair", "stretcher"]
    phone: str | None = Field(None, pattern=r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$")
    note: str | None = Field(None, max_length=500)


Phone = Annotated[str, Field(pattern=r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$")]


class SpecialVehicleForm(Form):
    """特殊用车: how she travels (the kind of car: a seat, a wheelchair lift, a stretcher), whether
    staff carry her down and up the stairs (上下楼接送), the start of the two-hour window she wants
    to be picked up in, from where (home by default) to where (a hospital's address or another in
    the service area), and whether a family member rides along."""

    mobility: Literal["seated", "wheelchair", "stretcher"]
    stairs: Literal["carry", "self"]
    pickup_time: WallTime
    pickup_address: str = Field(min_length=4, max_length=200)
    destination_address: str = Field(min_length=4, max_length=200)
    companion: Literal["alone", "family"] = "alone"
    phone: Phone | None = None
    note: str | None = Field(None, max_length=500)

    @field_validator("pickup_address", "destination_address")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("地址不能空着。")
        return value


class RefillForm(Form):
    """慢病续方配药: which of the elder's standing prescriptions to renew, and where the medicine
    goes (home by default)."""

    prescription_id: Id
    delivery_address: str = Field(min_length=4, max_length=200)
    phone: str | None = Field(None, pattern=r"^(1[3-9][0-9]{9}|0?21-?[0-9]{8})$")
    note: str | None = Field(None, max_length=500)

    @field_validator("delivery_address")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("地址不能空着。")
        return value


YesNo = Literal["true", "false"]


def profile_or_a_number(value: str) -> str:
    """The phone an application's next desk calls: "profile" (hers on file) or a number."""
    if value == "profile" or re.fullmatch(r"1[3-9][0-9]{9}|0?21-?[0-9]{8}", value):
        return value
    raise ValueError("电话号码不对，手机号是11位数字。")


# What an application states of the family's means (call_center/policies/means.py), and the
# phone its desk calls: the same in every application form.
Means = Literal["tekun", "dibao", "low_income", "none", "unknown"]
DeskPhone = Annotated[str, Field(max_length=20, description='"profile" or a mobile / Shanghai landline'),
                      AfterValidator(profile_or_a_number)]


class DeviceApplicationForm(Form):
    """一键通设备申请 (举手制, seed 001 §四; packages and who pays, seed 002 §二 and 附件): the
    package, the facts eligibility needs as the applicant states them (the street office checks
    them), and the phone the installer calls — ``profile``: the elder's registered phone, which
    only the centre holds in full."""

    package: Literal["A", "B"]
    hukou_shanghai: YesNo
    living_alone: YesNo
    hardship: Means
    phone: DeskPhone = "profile"
    note: str | None = Field(None, max_length=500)


class ElderServicesForm(Form):
    """养老服务"一件事" 联办申请 (seed 003 §二(一) 一表申请): which of the three joined matters
    (``call_center/elder_services/matters.yaml`` choices: every one holds the assessment), the
    facts they are decided on as the applicant states them (the desks check them), and the phone
    the assessor calls — ``profile``: the elder's registered phone."""

    parts: Literal["all", "assessment_subsidy", "assessment_admission", "assessment"]
    hukou_shanghai: YesNo
    hardship: Means
    phone: DeskPhone = "profile"
    note: str | None = Field(None, max_length=500)


class TopicForm(Form):
    topic: str = Field(min_length=1, max_length=100)
    callback_window: str = Field("尽快", max_length=50)
    note: str | None = Field(None, max_length=500)
    policy_id: str | None = Field(None, max_length=32, description=(
        "consultation: the policy she wants to apply for (GET /v1/elders/{id}/policies); "
        "the call-back is about it, and it is never pushed to her again"))
    resource_id: str | None = Field(None, max_length=32, description=(
        "consultation: a place near her she wants to use (GET /v1/elders/{id}/nearby): 助餐点, 老年大学, 养老机构"))


class Failure(BaseModel):
    code: str
    message: str


class EventOut(BaseModel):
    status: Status
    at: ShanghaiTime
    actor: str
    note: str


class AssistedBy(BaseModel):
    id: str
    name: str


class ServiceRequestOut(BaseModel):
    id: str
    elder_id: str
    service: Service
    mode: Mode
    channel: str
    status: Status
    form: dict[str, Any]
    result: dict[str, Any] | None
    failure: Failure | None
    created_at: ShanghaiTime
    updated_at: ShanghaiTime
    events: list[EventOut]
    assisted_by: AssistedBy | None = Field(None, description="the volunteer who helped at a kiosk")
    cancellable: bool = Field(True, description="whether a cancel would be taken now (a refill's parcel on "
                                                "its way is not)")
    form_labels: dict[str, str] = Field(default_factory=dict, description=(
        "the names of what the form keeps by id (hospital_id: 上海市第六人民医院), to show instead of the id"))
    linked: list[LinkedRequestOut] = Field(default_factory=list, description=(
        "a registration: the open trips (taxi, 特殊用车, 陪诊) going to its visit — cancelling the visit "
        "names them and offers to cancel them too"))


class SlipSentOut(BaseModel):
    """Who was sent the slip (their relations: 女儿, 儿子), and the sentence for the elder."""

    request_id: str
    relations: list[str]
    message: str


class RequestsQuery(Query):
    elder_id: Id | None = None
    status: Status | None = None
    service: Service | None = None
    limit: int = Field(20, ge=1, le=100)


class LinkedRequestOut(BaseModel):
    """A trip going to this request's visit: a taxi, a 特殊用车 or a 陪诊 for the visit booked."""

    id: str
    service: str
    words: str = Field(description="the trip as she would recognise it: 出租车（车牌沪A·12345，上午9点来接）")
    said: dict | None = Field(None, description="``words`` as structured words (call_center/message_words.py): "
                              "a screen in another language renders them, else shows ``words``")


class RequestCancelIn(Strict):
    also: list[Id] = Field(default_factory=list, max_length=20, description=(
        "trips linked to this visit (``linked``) to cancel with it, as the elder was shown them; "
        "any linked trip not named stays booked and is still in ``linked`` of the answer"))


class TransitionIn(Strict):
    to: Status
    note: str | None = Field(None, max_length=500)
    result: dict[str, Any] | None = None
    form: dict[str, Any] | None = Field(None, description=(
        "call mode: the form the agent filled in; moving to confirmed with a complete "
        "registration/taxi form books it through the provider exactly as self mode does"))


class RegistrationResult(BaseModel):
    hospital_id: str
    hospital_name: str
    hospital_address: str
    department_name: str
    doctor_name: str
    doctor_title: str
    start: str
    end: str
    queue_number: int
    fee_yuan: float
    bring: list[str]
    arrive_minutes_early: int
    provider: str
    booking_ref: str


class TaxiResult(BaseModel):
    provider: str
    plate: str
    car: str
    driver_name: str
    driver_phone: str = Field(description="the driver's mobile, in full: the passenger rings him")
    driver_phone_masked: str | None = Field(None, description="requests booked before the number was given in full")
    eta_minutes: int | None = None  # a car called now: how soon it comes (none for a booked one)
    pickup_time: str
    pickup_address: str
    destination_address: str
    passengers: int
    booking_ref: str


class EscortResult(BaseModel):
    provider: str
    booking_ref: str
    companion_name: str
    companion_phone: str = Field(description="the companion's mobile, in full: she or her family rings them")
    companion_phone_masked: str | None = Field(None, description="requests booked before the number was given in full")
    hospital_id: str
    hospital_name: str
    hospital_address: str
    visit_time: str
    meet: Literal["home", "hospital"]
    meet_time: str
    meet_place: str
    meet_address: str


class DischargeResult(BaseModel):
    provider: str
    booking_ref: str
    plate: str
    vehicle: str
    crew_phone: str = Field(description="the crew's phone, in full: the ward rings them")
    crew_phone_masked: str | None = Field(None, description="requests booked before the number was given in full")
    mobility: Literal["seated", "wheelchair", "stretcher"]
    hospital_id: str
    hospital_name: str
    pickup_address: str
    pickup_time: str
    destination_address: str


class SpecialVehicleResult(BaseModel):
    """A booked special vehicle: the operator's car and driver, the half hour it comes within,
    and the fare the elder pays the operator (``fare_basis``: the line of its price list)."""

    provider: str
    booking_ref: str
    mobility: Literal["seated", "wheelchair", "stretcher"]
    stairs: Literal["carry", "self"]
    vehicle: str
    plate: str
    driver_name: str
    driver_phone: str = Field(description="the driver's mobile, in full: she rings him")
    driver_phone_masked: str | None = Field(None, description="requests booked before the number was given in full")
    pickup_time: str
    pickup_until: str
    pickup_address: str
    destination_address: str
    destination_name: str | None = Field(None, description="the hospital at that address, when it is one")
    destination: str = Field(description="where to, as shown and said: the hospital's name, or the address")
    companion: Literal["alone", "family"]
    fare_yuan: float
    fare_basis: str
    stair_aid: str | None = Field(None, description="what the operator's staff bring to carry her down and up (爬楼机)")


class RefillResult(BaseModel):
    """Where a renewal stands (``stage``: reviewing → renewed → delivering → delivered, or
    visit / call when the doctor wants to see or phone the elder first) and what is known so far."""

    stage: Literal["reviewing", "renewed", "delivering", "delivered", "visit", "call"]
    provider: str
    ticket_ref: str
    prescription_id: str
    medicine: str
    quantity: str
    dosage: str
    condition: str
    prescribed_by: str
    delivery_address: str
    doctor: str | None = None
    doctor_note: str | None = None
    decision: str | None = None
    decided_at: str | None = None
    prescription_no: str | None = None
    pharmacy: str | None = None
    pharmacy_address: str | None = None
    courier: str | None = None
    tracking_no: str | None = None
    expected_at: str | None = None
    delivered_at: str | None = None


class DeviceApplicationResult(BaseModel):
    """Where an application stands (``stage``: reviewing → queued → scheduled → installed, or
    returned with the street office's reason) and what the family pays and why."""

    stage: Literal["reviewing", "returned", "queued", "scheduled", "installed", "cancelled"]
    package: Literal["A", "B"]
    package_name: str
    monthly_fee_yuan: int = Field(description="the most the family pays a month for the package (0: nothing)")
    fee_words: str = Field(description="what the family pays and why, as the applicant is told it")
    source: str = Field(description="the policy document and clause the fee was decided by")
    street: str = Field(description="the street office that reviews it")
    return_reason: str | None = None
    visit_at: str | None = None
    installed_at: str | None = None


class ElderServicesResult(BaseModel):
    """Where a joint application stands (``stage``: assessing → deciding → done, or cancelled)
    and each part's progress and result in words, one key a part chosen."""

    stage: Literal["assessing", "deciding", "done", "cancelled"]
    parts_words: str = Field(description="the matters applied for together: 照护需求评估、养老服务补贴")
    source: str = Field(description="the policy document and clause: 沪民养老发〔2024〕18号 二（一）")
    assessment: str | None = Field(None, description="等评估员上门评估 / 已评估：照护等级3级")
    subsidy: str | None = Field(None, description="等评估结果 / 审核中 / 已通过 / 没有通过：要家庭经济困难")
    admission: str | None = Field(None, description="等评估结果 / 审核中 / 已通过：… / 没有通过：要照护等级3级及以上")
    grade: int | None = Field(None, description="照护等级 0–6, once assessed")
    parts_said: str = Field(description="every part and where it stands, as one sentence to speak")


class AgentResult(BaseModel):
    agent_name: str
    summary: str


# The result shapes a confirmed request carries, documented in /openapi.json one by one beside
# each service's form (call_center/app.py; the forms are listed in call_center/fulfilment/registry.py).
RESULT_MODELS: tuple[type[BaseModel], ...] = (RegistrationResult, TaxiResult, EscortResult, DischargeResult,
                                               RefillResult, SpecialVehicleResult, DeviceApplicationResult,
                                               ElderServicesResult,
                                               AgentResult)


class PrecheckOut(BaseModel):
    """May she file this service now? Asked before its form opens, so a refusal known at the
    start (she has one open already, has it installed, the rules refuse her on the facts on
    file) is said at once, not after every step. The filing's own check still runs: this is a
    dry run of the same rule, and a request filed meanwhile elsewhere is refused there."""

    service: Service
    may_file: bool
    refusal: str | None = Field(None, description="which declared refusal holds (installed, applied, not_eligible …)")
    code: str | None = Field(None, description="the code the filing would refuse with (already_booked …)")
    message: str | None = Field(None, description="the sentence she hears: what she has, where it stands, what to do")
    request_id: str | None = Field(None, description="the request she already has (查看办理进度)")
