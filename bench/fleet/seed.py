#!/usr/bin/env python3
"""Seed a registry of N tenants straight into the emulator (not timed, no proxy), in the
shape tenantctl writes: per tenant the SSM record (active) and project-id parameters, the
prefix marker, USERS users carrying its claims, and its membership object listing them; then
the registry index (256 shards and the manifest, src/platform/index.rs) holding every tenant,
as `tenantctl registry reindex` would build it (that takes ⌈2N/10⌉ registry pages, which this
emulator serves at about 2 a second at N = 10,000). Several processes, since one emulator
process answers each call in turn anyway.

    seed.py NAMESPACE TENANTS [USERS=1] [PROCESSES=4]   (needs AWS_ENDPOINT_URL)
"""
import datetime
import hashlib
import json
import multiprocessing
import os
import sys

import boto3
from botocore.config import Config


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def seed(args):
    ns, lo, hi, users = args
    ep = os.environ["AWS_ENDPOINT_URL"]
    session = boto3.session.Session(region_name="us-east-1")
    ssm = session.client("ssm", endpoint_url=ep)
    idp = session.client("cognito-idp", endpoint_url=ep)
    s3 = session.client("s3", endpoint_url=ep, config=Config(s3={"addressing_style": "path"}))
    caller = session.client("sts", endpoint_url=ep).get_caller_identity()["Arn"]
    pool = ssm.get_parameter(Name=f"/{ns}/platform/user-pool-id")["Parameter"]["Value"]
    bucket = f"{ns}-data"
    entries = {}
    for i in range(lo, hi):
        t = f"clinic-{i:05d}"
        tier = ("basic", "premium")[i % 2]
        project = f"{tier}-proj"
        created = now()
        rec = {
            "schema_version": 1, "tenant": t, "tier": tier, "status": "active",
            "created_at": created, "updated_at": created, "project_id": project, "project_id_source": "tier",
            "resources": {"data_bucket": bucket, "data_prefix": f"{tier}/{t}/",
                          "parameters": [f"/{ns}/tenants/{t}/record", f"/{ns}/tenants/{t}/project-id"]},
        }
        ssm.put_parameter(Name=f"/{ns}/tenants/{t}/record", Type="String", Overwrite=True,
                          Value=json.dumps(rec, separators=(",", ":")))
        ssm.put_parameter(Name=f"/{ns}/tenants/{t}/project-id", Type="String", Overwrite=True, Value=project)
        s3.put_object(Bucket=bucket, Key=f"{tier}/{t}/.tenantctl-prefix", Body=b"", Metadata={"tenant": t, "tier": tier})
        members = []
        for u in range(users):
            email = f"u{u}@{t}.example"
            r = idp.admin_create_user(
                UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                                {"Name": "custom:tier", "Value": tier}, {"Name": "custom:clinic_id", "Value": t}])["User"]
            sub = next(a["Value"] for a in r["Attributes"] if a["Name"] == "sub")
            members.append({"sub": sub, "username": email, "email": email, "added_at": created, "added_by": caller})
        s3.put_object(Bucket=f"{ns}-archive", Key=f"registry/{t}/members.json",
                      Body=json.dumps({"schema_version": 1, "tenant": t, "members": members,
                                       "updated_at": created, "updated_by": caller}, indent=2).encode())
        entries[t] = {"tier": tier, "status": "active", "users": len(members), "project_id": project,
                      "project_id_source": "tier", "data_bucket": bucket, "data_prefix": f"{tier}/{t}/",
                      "created_at": created, "updated_at": created}
    return entries


def write_index(ns, entries):
    """The 256 shards (a tenant's shard: the first byte of SHA-256 of its id), then the manifest."""
    ep = os.environ["AWS_ENDPOINT_URL"]
    session = boto3.session.Session(region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=ep, config=Config(s3={"addressing_style": "path"}))
    caller = session.client("sts", endpoint_url=ep).get_caller_identity()["Arn"]
    shards = {}
    for t, e in entries.items():
        shards.setdefault(hashlib.sha256(t.encode()).digest()[0], {})[t] = e
    for shard, es in sorted(shards.items()):
        s3.put_object(Bucket=f"{ns}-archive", Key=f"registry/_index/{shard:02x}.json",
                      Body=json.dumps({"schema_version": 1, "entries": es}).encode())
    s3.put_object(Bucket=f"{ns}-archive", Key="registry/_index/manifest.json",
                  Body=json.dumps({"schema_version": 1, "shards": 256, "built_at": now(), "built_by": caller}).encode())


def main():
    ns, n = sys.argv[1], int(sys.argv[2])
    users = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    procs = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    step = (n + procs - 1) // procs
    chunks = [(ns, lo, min(lo + step, n), users) for lo in range(0, n, step)]
    with multiprocessing.Pool(procs) as pool:
        entries = {}
        for part in pool.map(seed, chunks):
            entries.update(part)
    write_index(ns, entries)
    print(f"seeded {len(entries)} tenants x {users} users into {ns}, and its registry index")


if __name__ == "__main__":
    main()
