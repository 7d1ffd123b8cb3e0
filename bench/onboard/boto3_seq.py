#!/usr/bin/env python3
"""Baseline 2 of the onboarding benchmark: the AWS calls `tenantctl tenant onboard --from`
makes on a freshly initialised platform, done by a sequential boto3 script (one process, one
client per service, one call at a time). Same calls, same order of phases (observe every
tenant, then apply tenant by tenant), same values as tenantctl and aws_cli_loop.sh.

    boto3_seq.py NAMESPACE TENANTS.tsv      (TSV from gen.py; needs AWS_ENDPOINT_URL)
"""

import datetime
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def observe(call, **kw) -> None:
    """A read that may find nothing on a fresh platform; anything but not-found is fatal."""
    try:
        call(**kw)
    except ClientError as e:
        code = e.response.get("Error", {}).get("Code", "")
        if code not in ("ParameterNotFound", "404", "NoSuchKey", "NotFound", "NoSuchBucketPolicy", "NoSuchEntity"):
            raise


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    ns, tsv = sys.argv[1], sys.argv[2]
    ep = os.environ["AWS_ENDPOINT_URL"]
    bucket = f"{ns}-data"
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
    sts = session.client("sts", endpoint_url=ep)
    ssm = session.client("ssm", endpoint_url=ep)
    iam = session.client("iam", endpoint_url=ep)
    idp = session.client("cognito-idp", endpoint_url=ep)
    s3 = session.client("s3", endpoint_url=ep, config=Config(s3={"addressing_style": "path"}))
    tenants = []
    with open(tsv) as f:
        for line in f:
            t, tier, project, *users = line.rstrip("\n").split("\t")
            tenants.append((t, tier, project, users))

    def record(t, tier, project, status, created):
        return json.dumps({
            "schema_version": 1, "tenant": t, "tier": tier, "status": status,
            "created_at": created, "updated_at": now(), "project_id": project, "project_id_source": "tier",
            "resources": {"data_bucket": bucket, "data_prefix": f"{tier}/{t}/",
                          "parameters": [f"/{ns}/tenants/{t}/record", f"/{ns}/tenants/{t}/project-id"]},
        }, separators=(",", ":"))

    # Platform: caller identity, the pool id init recorded, one listing of the pool's users.
    caller = sts.get_caller_identity()["Arn"]
    pool = ssm.get_parameter(Name=f"/{ns}/platform/user-pool-id")["Parameter"]["Value"]
    idp.list_users(UserPoolId=pool, Limit=60)

    # Observe: per tenant, its record, its project-id parameter, its prefix marker.
    for t, tier, _, _ in tenants:
        observe(ssm.get_parameter, Name=f"/{ns}/tenants/{t}/record")
        observe(ssm.get_parameter, Name=f"/{ns}/tenants/{t}/project-id")
        observe(s3.head_object, Bucket=bucket, Key=f"{tier}/{t}/.tenantctl-prefix")

    def gate_reads():
        """The isolation gate's reads, once per run before the first tenant turns active
        (tenantctl reads the account once and validates each tenant in memory)."""
        tvm = f"{ns}_tvm"
        observe(s3.get_bucket_policy, Bucket=bucket)
        iam.get_role(RoleName=tvm)
        for page in iam.get_paginator("list_role_policies").paginate(RoleName=tvm):
            for name in page["PolicyNames"]:
                iam.get_role_policy(RoleName=tvm, PolicyName=name)
        for page in iam.get_paginator("list_attached_role_policies").paginate(RoleName=tvm):
            for a in page["AttachedPolicies"]:
                pol = iam.get_policy(PolicyArn=a["PolicyArn"])["Policy"]
                iam.get_policy_version(PolicyArn=a["PolicyArn"], VersionId=pol["DefaultVersionId"])
        for _ in ssm.get_paginator("get_parameters_by_path").paginate(
                Path=f"/{ns}/tenants", Recursive=True, PaginationConfig={"PageSize": 10}):
            pass
        observe(iam.get_role, RoleName=f"{ns}-runtime")

    # Apply, tenant by tenant: record (pending), project id, prefix marker, users, membership
    # (the users' subs, in the archive bucket), isolation gate (reads once), record (active).
    # The minimum: no lease, no re-read of what this script itself just wrote.
    gate_read = False
    for t, tier, project, users in tenants:
        created = now()
        rec = f"/{ns}/tenants/{t}/record"
        ssm.put_parameter(Name=rec, Type="String", Overwrite=True, Value=record(t, tier, project, "pending", created))
        ssm.put_parameter(Name=f"/{ns}/tenants/{t}/project-id", Type="String", Overwrite=True, Value=project)
        s3.put_object(Bucket=bucket, Key=f"{tier}/{t}/.tenantctl-prefix", Body=b"", Metadata={"tenant": t, "tier": tier})
        members = []
        for email in users:
            u = idp.admin_create_user(
                UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                                {"Name": "custom:tier", "Value": tier}, {"Name": "custom:clinic_id", "Value": t}],
            )["User"]
            sub = next(a["Value"] for a in u["Attributes"] if a["Name"] == "sub")
            members.append({"sub": sub, "username": email, "email": email, "added_at": now(), "added_by": caller})
        s3.put_object(Bucket=f"{ns}-archive", Key=f"registry/{t}/members.json",
                      Body=json.dumps({"schema_version": 1, "tenant": t, "members": sorted(members, key=lambda m: m["username"]),
                                       "updated_at": now(), "updated_by": caller}, indent=2).encode())
        if not gate_read:
            gate_reads()
            gate_read = True
        ssm.put_parameter(Name=rec, Type="String", Overwrite=True, Value=record(t, tier, project, "active", created))
    return 0


if __name__ == "__main__":
    sys.exit(main())
