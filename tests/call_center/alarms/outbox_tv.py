"""A TV box in a child process: the elder presses SOS while the centre is down; the alarm goes
into the durable outbox, then the box waits to be killed (test_processes.py)."""
import sys
import time

from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner, durable_intent_runner
from shared_ui.outbox import Outbox
from shared_ui.spec import load_spec

if __name__ == "__main__":
    outbox_path, centre_url, token, elder_id = sys.argv[1:5]
    client = CenterClient(centre_url, token, retries=0, timeout=(0.5, 2))
    runner = FlowRunner(FlowEngine(load_spec(), "tv"), client,
                        intent_runner=durable_intent_runner(Outbox(outbox_path)))
    runner.start({"id": elder_id, "home_address": "上海市长宁区仙霞路650弄12号302室"})
    step = runner.send("sos")
    print(step.screen.status, step.speech, flush=True)
    time.sleep(600)  # the test kills us here
