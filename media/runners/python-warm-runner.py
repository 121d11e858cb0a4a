# Keeps a local Lambda handler loaded and runs it on one event after another, like Lambda's execution environment
# (started by the local trigger's WarmRunnerPool, src/handlers/warmRunner.ts; never in the extension host).
# Usage: python3 python-warm-runner.py <handler file> <function name> <lambda function name> <function ARN>
# The protocol is NDJSON on fd 3 (a pipe of its own: the handler's stdout/stderr stay its own output); the messages
# are those of node-warm-runner.cjs. The runner leads its process group (the host starts it detached). It exits when
# the host's end closes; a watchdog thread kills the group when an invocation is well past its deadline or the host
# is gone.
import json
import os
import sys
import threading
import time
import traceback

from ddbs_runner_common import Context, encode_result, end_group, error_of, kill_group, load_handler

WATCHDOG_GRACE_S = 2.0  # the host stops an invocation at its deadline; the watchdog is the backstop a little later


class Deadline:
    """The deadline (epoch seconds) of the invocation in progress, 0 when idle: read by the watchdog thread."""

    at = 0.0


def watchdog(parent):
    while True:
        time.sleep(0.25)
        due = Deadline.at
        if os.getppid() != parent or (due > 0 and time.time() > due + WATCHDOG_GRACE_S):
            kill_group()


def main():
    args = sys.argv[1:] + [None] * 4
    file, name, function_name, function_arn = args[:4]
    # Plain reads and writes on fd 3 (not a socket object): the host's pipe is a socket on POSIX, a CRT pipe on Windows.
    requests = os.fdopen(3, "rb")

    def send(text):
        data = memoryview(text.encode("utf-8") + b"\n")
        while data:
            data = data[os.write(3, data):]

    threading.Thread(target=watchdog, args=(os.getppid(),), daemon=True).start()
    started = time.perf_counter()
    try:
        fn = load_handler(file, name or "lambda_handler")
    except BaseException as err:  # the module's own code failed, or it has no such function: Lambda's init error
        traceback.print_exc()
        send(json.dumps({"type": "initError", "loadMs": (time.perf_counter() - started) * 1000, "error": error_of(err)}))
        return 1
    send(json.dumps({"type": "ready", "loadMs": (time.perf_counter() - started) * 1000}))
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("type") != "invoke":
            continue
        Deadline.at = time.time() + request["timeoutMs"] / 1000
        context = Context(function_name or "local-handler", Deadline.at, request["requestId"], function_arn or None)
        try:
            value, error = encode_result(fn(request["event"], context))
        except BaseException as err:  # the handler's failure is the outcome, reported like Lambda does
            traceback.print_exc()
            value, error = None, error_of(err)
        Deadline.at = 0.0
        sys.stdout.flush()
        sys.stderr.flush()
        if error is None:
            send('{"type": "result", "id": ' + json.dumps(request["id"]) + ', "value": ' + value + "}")
        else:
            send(json.dumps({"type": "error", "id": request["id"], "error": {"errorType": error["errorType"], "errorMessage": error["errorMessage"]}}))
    return 0  # the host closed its end: it is gone or let go of this lane


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    end_group()
    os._exit(code)  # not sys.exit: threads the handler left behind must not keep the process alive
