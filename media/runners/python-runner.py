# Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
# Usage: python3 python-runner.py <handler file> <function name> <lambda function name> <timeout ms> <outcome file>;
# the event is JSON on stdin. The handler's own output goes to stdout/stderr as it is; the outcome is written to the
# outcome file: {"kind":"result","value":…} or {"kind":"error","error":{"errorType","errorMessage","stack"}}.
# The runner leads its process group (the extension starts it detached). A watchdog thread kills the group when the
# deadline has passed or the extension host is gone.
import json
import os
import sys
import threading
import time
import uuid

from ddbs_runner_common import Context, encode_result, end_group, error_of, kill_group, load_handler

WATCHDOG_GRACE_S = 2.0  # the extension stops the run at the deadline; the watchdog is the backstop a little later


def watchdog(deadline, parent):
    while time.time() < deadline and os.getppid() == parent:
        time.sleep(0.5)
    kill_group()


def finish(outcome_file, outcome, code):
    if outcome["kind"] == "result":
        value, error = encode_result(outcome["value"], lenient=True)
        text = '{"kind": "result", "value": ' + value + "}" if error is None else json.dumps({"kind": "error", "error": error})
        code = 0 if error is None else 1
    else:
        text = json.dumps(outcome, default=str)
    with open(outcome_file, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.flush()
    sys.stderr.flush()
    end_group()
    os._exit(code)  # not sys.exit: threads the handler left behind must not keep the process alive


def main(file, name, function_name, deadline):
    event = json.loads(sys.stdin.read())
    fn = load_handler(file, name)
    return fn(event, Context(function_name, deadline, str(uuid.uuid4())))


if __name__ == "__main__":
    args = sys.argv[1:] + [None] * 5
    file, name, function_name, timeout_ms, outcome_file = args[:5]
    if not outcome_file:
        sys.stderr.write("python-runner.py: no outcome file given\n")
        sys.exit(2)
    deadline = time.time() + int(timeout_ms or "30000") / 1000
    threading.Thread(target=watchdog, args=(deadline + WATCHDOG_GRACE_S, os.getppid()), daemon=True).start()
    try:
        result = main(file, name or "lambda_handler", function_name or "local-handler", deadline)
    except SystemExit:
        raise
    except BaseException as err:  # the handler's failure is the outcome, reported like Lambda does
        finish(outcome_file, {"kind": "error", "error": error_of(err)}, 1)
    finish(outcome_file, {"kind": "result", "value": result}, 0)
