# Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
# Usage: python3 python-runner.py <handler file> <function name> <lambda function name> <timeout ms> <outcome file>;
# the event is JSON on stdin. The handler's own output goes to stdout/stderr as it is; the outcome is written to the
# outcome file: {"kind":"result","value":…} or {"kind":"error","error":{"errorType","errorMessage","stack"}}.
# The runner leads its process group (the extension starts it detached). A watchdog thread kills the group when the
# deadline has passed or the extension host is gone.
import importlib.util
import json
import os
import signal
import sys
import threading
import time
import traceback
import uuid

MAX_RESULT_BYTES = 6 * 1024 * 1024  # Lambda's limit on a response payload
WATCHDOG_GRACE_S = 2.0  # the extension stops the run at the deadline; the watchdog is the backstop a little later


class Context:
    def __init__(self, function_name, deadline):
        region = os.environ.get("AWS_REGION", "us-east-1")
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:000000000000:function:{function_name}"
        self.memory_limit_in_mb = "128"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))


def kill_group():
    try:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    except (AttributeError, OSError):  # Windows, or not a group of our own
        os._exit(124)


def end_group():
    """What the handler started ends with the runner (the extension kills the group too; this covers a lost parent)."""
    try:
        if os.getpgrp() == os.getpid():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.killpg(os.getpgrp(), signal.SIGTERM)
    except (AttributeError, OSError):
        pass


def watchdog(deadline, parent):
    while time.time() < deadline and os.getppid() == parent:
        time.sleep(0.5)
    kill_group()


def finish(outcome_file, outcome, code):
    try:
        text = json.dumps(outcome, default=str)
    except (TypeError, ValueError) as err:
        text = json.dumps({"kind": "error", "error": {"errorType": "ResultNotJson", "errorMessage": f"The handler's result cannot be written as JSON: {err}"}})
        code = 1
    size = len(text.encode("utf-8"))
    if outcome["kind"] == "result" and size > MAX_RESULT_BYTES:
        message = f"The handler returned {size / 1024 / 1024:.1f} MB; Lambda's response payload limit is 6 MB ({MAX_RESULT_BYTES} bytes)."
        text = json.dumps({"kind": "error", "error": {"errorType": "ResultTooLarge", "errorMessage": message}})
        code = 1
    with open(outcome_file, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.flush()
    sys.stderr.flush()
    end_group()
    os._exit(code)  # not sys.exit: threads the handler left behind must not keep the process alive


def own_function(module, name):
    """The module's own attribute of that name: not one every module has (__class__, __init__…)."""
    fn = vars(module).get(name)
    return fn if callable(fn) else None


def main(file, name, function_name, deadline):
    event = json.loads(sys.stdin.read())
    sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
    spec = importlib.util.spec_from_file_location("handler_module", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = own_function(module, name)
    if fn is None:
        raise LookupError(f"{os.path.basename(file)} defines no function {name!r}")
    return fn(event, Context(function_name, deadline))


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
        finish(outcome_file, {"kind": "error", "error": {"errorType": type(err).__name__, "errorMessage": str(err), "stack": traceback.format_exc().splitlines()}}, 1)
    finish(outcome_file, {"kind": "result", "value": result}, 0)
