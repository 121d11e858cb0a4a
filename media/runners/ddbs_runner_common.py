# What the Python runners share (python-runner.py runs a handler once, python-warm-runner.py keeps it loaded): loading
# the handler's module, finding its own function, the Lambda-like context, the error shape and the result's encoding
# under Lambda's 6 MB response limit.
import decimal
import importlib.util
import json
import os
import signal
import sys
import time
import traceback

MAX_RESULT_BYTES = 6 * 1024 * 1024  # Lambda's limit on a response payload


class Context:
    def __init__(self, function_name, deadline, request_id, function_arn=None):
        region = os.environ.get("AWS_REGION", "us-east-1")
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function_arn or f"arn:aws:lambda:{region}:000000000000:function:{function_name}"
        self.memory_limit_in_mb = "128"
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))


def own_function(module, name):
    """The module's own attribute of that name: not one every module has (__class__, __init__…)."""
    fn = vars(module).get(name)
    return fn if callable(fn) else None


def load_handler(file, name):
    """Runs the module's code once and returns its function `name`; raises LookupError naming what is missing."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
    spec = importlib.util.spec_from_file_location("handler_module", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = own_function(module, name)
    if fn is None:
        raise LookupError(f"{os.path.basename(file)} defines no function {name!r}")
    return fn


def error_of(err):
    """A raised exception as Lambda reports it."""
    return {"errorType": type(err).__name__, "errorMessage": str(err), "stack": "".join(traceback.format_exception(type(err), err, err.__traceback__)).splitlines()}


def _lambda_default(value):
    # What Lambda's Python runtime writes besides plain JSON: Decimal (boto3's numbers).
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encode_result(value, lenient=False):
    """(json text, None) or (None, error): a value JSON cannot hold, or one over 6 MB. `lenient`: anything else as str."""
    try:
        text = json.dumps(value, default=str if lenient else _lambda_default, ensure_ascii=False)
    except (TypeError, ValueError) as err:
        return None, {"errorType": "ResultNotJson", "errorMessage": f"The handler's result cannot be written as JSON: {err}"}
    size = len(text.encode("utf-8"))
    if size > MAX_RESULT_BYTES:
        message = f"The handler returned {size / 1024 / 1024:.1f} MB; Lambda's response payload limit is 6 MB ({MAX_RESULT_BYTES} bytes)."
        return None, {"errorType": "ResultTooLarge", "errorMessage": message}
    return text, None


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
