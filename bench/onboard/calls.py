#!/usr/bin/env python3
"""Count the AWS API calls in moto recordings (MOTO_RECORDER_FILEPATH, JSON lines), by
service:Action, so the benchmark can show that every contestant made the same calls.

    calls.py NAME=RECORDING.jsonl [NAME=RECORDING.jsonl ...]
Prints one row per service:Action with a column per recording, and a total row.
"""

import base64
import json
import sys
from urllib.parse import parse_qs, urlparse


def action_of(entry: dict) -> str:
    headers = {k.lower(): v for k, v in entry.get("headers", {}).items()}
    auth = headers.get("authorization", "")
    # SigV4 credential scope: Credential=<key>/<date>/<region>/<service>/aws4_request
    service = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")[3] if "Credential=" in auth else "?"
    target = headers.get("x-amz-target")
    if target:
        return f"{service}:{target.rsplit('.', 1)[-1]}"
    body = entry.get("body") or ""
    if entry.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    url = urlparse(entry["url"])
    form = parse_qs(body) if isinstance(body, str) else {}
    if "Action" in form:
        return f"{service}:{form['Action'][0]}"
    query = parse_qs(url.query, keep_blank_values=True)
    if "Action" in query:
        return f"{service}:{query['Action'][0]}"
    if service == "s3":
        # Path-style: /<bucket>[/<key>]
        has_key = len(url.path.strip("/").split("/", 1)) == 2
        method = entry["method"]
        if "policy" in query:
            return "s3:" + {"GET": "GetBucketPolicy", "PUT": "PutBucketPolicy", "DELETE": "DeleteBucketPolicy"}[method]
        if "list-type" in query:
            return "s3:ListObjectsV2"
        if has_key:
            return "s3:" + {"GET": "GetObject", "PUT": "PutObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}.get(method, method)
        return f"s3:{method} bucket ?{url.query}"
    return f"{service}:{entry['method']} {url.path}"


def count(path: str) -> dict:
    out: dict = {}
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    a = action_of(json.loads(line))
                    out[a] = out.get(a, 0) + 1
    except FileNotFoundError:
        pass
    return out


def main() -> int:
    cols = [arg.split("=", 1) for arg in sys.argv[1:]]
    if not cols:
        print(__doc__, file=sys.stderr)
        return 2
    counts = [(name, count(path)) for name, path in cols]
    actions = sorted({a for _, c in counts for a in c})
    width = max([len(a) for a in actions] + [len("total")]) + 2
    print("".join([f"{'call':<{width}}"] + [f"{name:>14}" for name, _ in counts]))
    for a in actions:
        print("".join([f"{a:<{width}}"] + [f"{c.get(a, 0):>14}" for _, c in counts]))
    print("".join([f"{'total':<{width}}"] + [f"{sum(c.values()):>14}" for _, c in counts]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
