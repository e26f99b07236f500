"""Starting a conformance script's runner on a channel against the live centre, as its tests'
elder would (the TV and the family act for 张桂兰 bound to them; the kiosk identifies her first
and acts with the grant the centre gives it for her), and cleaning up after it."""
from __future__ import annotations

from typing import Any

from accessibility.hosts import abilities_for
from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner
from shared_ui.spec import load_spec


def started(live_center: Any, channel: str, locale: str = "zh_CN") -> tuple[FlowRunner, CenterClient, dict]:
    """A runner on the home screen, the client it acts with and the elder it acts for; no
    booked request of hers is left open (a booked slot would change what a script sees)."""
    runner = FlowRunner(FlowEngine(load_spec(), channel, locale, abilities=abilities_for(channel)), None)
    if channel == "kiosk":
        runner.client = client = CenterClient(live_center.url, live_center.tokens["kiosk"])
        runner.start(None)
        runner.send("select", "id_number")
        runner.send("input", live_center.id_numbers["zhang"])
        assert runner.send("input", live_center.phone_tails["zhang"]).screen.id == "home"
        elder = runner.session.elder
        client = client.with_grant(runner.session.grant["token"])
    else:
        runner.client = client = CenterClient(live_center.url, live_center.tokens["tv_zhang"])
        elder = client.elder(client.me()["elders"][0]["id"]).as_dict()
    for status in ("confirmed", "in_progress", "accepted"):  # a renewal waits for its doctor in progress;
        # an application for a device, for its street office
        for r in client.requests_for(elder["id"], status=status):
            client.cancel_request(r.id)  # start from a clean slate: no booked slot left over
    if channel != "kiosk":
        runner.start(elder)
    return runner, client, elder


def cancel_open_alarms(live_center: Any, client: CenterClient) -> None:
    """An SOS script leaves nothing open for the next test."""
    agent = CenterClient(live_center.url, live_center.tokens["agent"])
    for alarm in client.open_alarms():
        agent.request("POST", f"/v1/alarms/{alarm['id']}/cancel", json={"by": "agent", "note": "test clean-up"})
