# Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
# Usage: python3 python-runner.py <handler file> <function name> <lambda function name> <timeout ms>; event JSON on stdin.
# The handler's own output goes to stdout/stderr as it is; the outcome is one marked line on stdout:
#   __DDBS_HANDLER_RESULT__ <JSON of the returned value>   or   __DDBS_HANDLER_ERROR__ {"errorType","errorMessage","stack"}
import importlib.util
import json
import os
import sys
import time
import traceback
import uuid

RESULT = "__DDBS_HANDLER_RESULT__"
ERROR = "__DDBS_HANDLER_ERROR__"


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


def finish(marker, value, code):
    sys.stdout.flush()
    sys.stdout.write(f"\n{marker} {json.dumps(value, default=str)}\n")
    sys.stdout.flush()
    sys.exit(code)


def main():
    args = sys.argv[1:] + [None] * 4
    file = args[0]
    name = args[1] or "lambda_handler"
    function_name = args[2] or "local-handler"
    timeout_ms = args[3] or "30000"
    deadline = time.time() + int(timeout_ms) / 1000
    event = json.loads(sys.stdin.read())
    sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
    spec = importlib.util.spec_from_file_location("handler_module", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = getattr(module, name, None)
    if not callable(fn):
        raise LookupError(f"{os.path.basename(file)} defines no function {name!r}")
    return fn(event, Context(function_name, deadline))


if __name__ == "__main__":
    try:
        result = main()
    except SystemExit:
        raise
    except BaseException as err:  # the handler's failure is the outcome, reported like Lambda does
        finish(ERROR, {"errorType": type(err).__name__, "errorMessage": str(err), "stack": traceback.format_exc().splitlines()}, 1)
    finish(RESULT, result, 0)
