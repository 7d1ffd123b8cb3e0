#!/usr/bin/env python3
"""Check a contestant's end state with boto3, independently of whoever wrote it: every tenant
of the TSV has an `active` record and its project-id parameter, its prefix marker, and each of
its users exists with the tenant's custom:tier / custom:clinic_id; and nothing more.

    verify.py NAMESPACE TENANTS.tsv      (needs AWS_ENDPOINT_URL)
Prints one summary line; exits 1 on any mismatch.
"""

import json
import os
import sys

import boto3
from botocore.config import Config


def main() -> int:
    ns, tsv = sys.argv[1], sys.argv[2]
    ep = os.environ["AWS_ENDPOINT_URL"]
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
    ssm = session.client("ssm", endpoint_url=ep)
    idp = session.client("cognito-idp", endpoint_url=ep)
    s3 = session.client("s3", endpoint_url=ep, config=Config(s3={"addressing_style": "path"}))

    want = {}
    with open(tsv) as f:
        for line in f:
            t, tier, project, *users = line.rstrip("\n").split("\t")
            want[t] = (tier, project, users)

    params = {}
    for page in ssm.get_paginator("get_parameters_by_path").paginate(Path=f"/{ns}/tenants", Recursive=True):
        for p in page["Parameters"]:
            params[p["Name"]] = p["Value"]
    records = {n: json.loads(v) for n, v in params.items() if n.endswith("/record")}

    markers = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=f"{ns}-data"):
        markers.update(o["Key"] for o in page.get("Contents", []) if o["Key"].endswith("/.tenantctl-prefix"))

    pool = ssm.get_parameter(Name=f"/{ns}/platform/user-pool-id")["Parameter"]["Value"]
    users = {}
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool):
        for u in page["Users"]:
            users[u["Username"]] = {a["Name"]: a["Value"] for a in u.get("Attributes", [])}

    problems = []
    for t, (tier, project, emails) in want.items():
        rec = records.get(f"/{ns}/tenants/{t}/record")
        if not rec or rec.get("status") != "active" or rec.get("tier") != tier:
            problems.append(f"{t}: record {rec and rec.get('status')!r} (want active, tier {tier})")
        if params.get(f"/{ns}/tenants/{t}/project-id") != project:
            problems.append(f"{t}: project-id {params.get(f'/{ns}/tenants/{t}/project-id')!r} (want {project})")
        if f"{tier}/{t}/.tenantctl-prefix" not in markers:
            problems.append(f"{t}: no prefix marker")
        for e in emails:
            a = users.get(e)
            if a is None or a.get("custom:tier") != tier or a.get("custom:clinic_id") != t or a.get("email") != e:
                problems.append(f"{t}: user {e} missing or with wrong attributes: {a}")
    n_users = sum(len(u) for _, _, u in want.values())
    if len(records) != len(want):
        problems.append(f"{len(records)} records, want {len(want)}")
    if len(users) != n_users:
        problems.append(f"{len(users)} users in the pool, want {n_users}")
    if len(markers) != len(want):
        problems.append(f"{len(markers)} prefix markers, want {len(want)}")
    active = sum(1 for r in records.values() if r.get("status") == "active")
    print(f"verified: {len(records)} records ({active} active), {len(markers)} prefix markers, {len(users)} users")
    for p in problems[:10]:
        print(f"  MISMATCH {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
