"""schemathesis hooks for .ci/fuzz-api (loaded through SCHEMATHESIS_HOOKS).

The generator draws the same few Idempotency-Keys ("0", "00", ...) for many
different bodies, and the API rightly answers a reused key with another body
with 422 `idempotency_key_reused`. Each well-formed key is made fresh here,
so a valid body is judged on its own; malformed keys are left as drawn, to
check that they are refused. Reuse itself is tested in server/tests/api.
"""

import re
import uuid

import schemathesis

WELL_FORMED_KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and WELL_FORMED_KEY.fullmatch(value):
            headers[name] = str(uuid.uuid4())
