"""A TV box in a child process: raises an alarm through the durable runner, then waits to be killed.

Used by test_outbox.py to prove an alarm survives the app being killed while the centre is down.
"""
import sys
import time

from shared_ui.client import CenterClient
from shared_ui.flow import FlowEngine
from shared_ui.flow.runner import FlowRunner, durable_intent_runner
from shared_ui.outbox import Outbox
from shared_ui.spec import load_spec

if __name__ == "__main__":
    outbox_path, centre_url = sys.argv[1], sys.argv[2]
    client = CenterClient(centre_url, "tok", retries=0, timeout=(0.5, 2))
    runner = FlowRunner(FlowEngine(load_spec(), "tv"), client,
                        intent_runner=durable_intent_runner(Outbox(outbox_path)))
    runner.start({"id": "el-wang", "home_address": "长宁区愚园路1000弄5号"})
    step = runner.send("sos")
    print(step.screen.status, step.speech, flush=True)
    time.sleep(600)  # the test kills us here
