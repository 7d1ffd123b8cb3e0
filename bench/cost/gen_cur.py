#!/usr/bin/env python3
"""Synthetic CUR 2.0 (AWS Data Exports, COST_AND_USAGE_REPORT) Parquet for the cost benchmark
and for trying `tenantctl cost report --source cur` by hand.

    gen_cur.py OUT_DIR --rows 10000000 --tenants 10000 --month 2026-10 [--files 8] [--seed 1]

Writes OUT_DIR/BILLING_PERIOD=YYYY-MM/<export>-0000N.snappy.parquet (the layout a Data Export
delivers), with CUR 2.0's column names and types: timestamps, doubles for costs and usage,
strings, and the `product`/`tags` map<string,string> columns. The mix of a pool-model
platform:

  60%  AmazonBedrock inference, called by TVM sessions: `line_item_iam_principal` is the
       assumed-role ARN and `tags` carries iamPrincipal/ClinicId, iamPrincipal/Tier,
       iamPrincipal/UserId (metered); usage types ...-input-tokens / ...-output-tokens
  15%  AmazonS3 and 5% AmazonDynamoDB on tenant-tagged resources (resourceTags/ClinicId)
  20%  AWSLambda, AmazonCloudWatch, AmazonVPC: shared, untagged
  0.1% of the metered/tagged lines carry a ClinicId matching no tenant ("ghost-…")

Tenants are clinic-00000 … (tier basic/premium/enterprise by id mod 3), like bench/cost/seed.py.
Costs are rounded to 10 decimals as AWS bills. Prints the grand total of
line_item_unblended_cost for the month (to compare with reports).

Needs pyarrow and numpy (a bench venv: python3 -m venv v && v/bin/pip install pyarrow numpy duckdb).
"""

import argparse
import calendar
import datetime
import os
import sys
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

TIERS = ["basic", "premium", "enterprise"]
MAP = pa.map_(pa.string(), pa.string())

# (name, type): a realistic subset of the CUR 2.0 schema, in its order. Columns tenantctl does
# not read are there so that projection matters as it does on real exports.
SCHEMA = pa.schema(
    [
        ("bill_bill_type", pa.string()),
        ("bill_billing_entity", pa.string()),
        ("bill_billing_period_end_date", pa.timestamp("ms")),
        ("bill_billing_period_start_date", pa.timestamp("ms")),
        ("bill_invoice_id", pa.string()),
        ("bill_payer_account_id", pa.string()),
        ("identity_line_item_id", pa.string()),
        ("identity_time_interval", pa.string()),
        ("line_item_blended_cost", pa.float64()),
        ("line_item_currency_code", pa.string()),
        ("line_item_iam_principal", pa.string()),
        ("line_item_line_item_description", pa.string()),
        ("line_item_line_item_type", pa.string()),
        ("line_item_operation", pa.string()),
        ("line_item_product_code", pa.string()),
        ("line_item_resource_id", pa.string()),
        ("line_item_unblended_cost", pa.float64()),
        ("line_item_unblended_rate", pa.string()),
        ("line_item_usage_account_id", pa.string()),
        ("line_item_usage_amount", pa.float64()),
        ("line_item_usage_end_date", pa.timestamp("ms")),
        ("line_item_usage_start_date", pa.timestamp("ms")),
        ("line_item_usage_type", pa.string()),
        ("pricing_public_on_demand_cost", pa.float64()),
        ("pricing_unit", pa.string()),
        ("product", MAP),
        ("product_servicecode", pa.string()),
        ("tags", MAP),
    ]
)

NAMES = {
    "AmazonBedrock": "Amazon Bedrock",
    "AmazonS3": "Amazon Simple Storage Service",
    "AmazonDynamoDB": "Amazon DynamoDB",
    "AWSLambda": "AWS Lambda",
    "AmazonCloudWatch": "AmazonCloudWatch",
    "AmazonVPC": "Amazon Virtual Private Cloud",
}

SERVICES = [
    # code, share, kind, usage types, mean cost
    ("AmazonBedrock", 0.60, "metered", ["USE1-MistralMinistral8B-input-tokens", "USE1-MistralMinistral8B-output-tokens"], 0.02),
    ("AmazonS3", 0.15, "tagged", ["USE1-TimedStorage-ByteHrs", "USE1-Requests-Tier1"], 0.004),
    ("AmazonDynamoDB", 0.05, "tagged", ["USE1-ReadRequestUnits", "USE1-WriteRequestUnits"], 0.003),
    ("AWSLambda", 0.10, "shared", ["USE1-Lambda-GB-Second", "USE1-Request"], 0.01),
    ("AmazonCloudWatch", 0.05, "shared", ["USE1-CW:Requests"], 0.002),
    ("AmazonVPC", 0.05, "shared", ["USE1-NatGateway-Hours"], 0.045),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--tenants", type=int, default=1000)
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--row-group", type=int, default=1 << 20)
    a = ap.parse_args()

    y, m = map(int, a.month.split("-"))
    days = calendar.monthrange(y, m)[1]
    start = datetime.datetime(y, m, 1, tzinfo=datetime.timezone.utc)
    start_ms = int(start.timestamp() * 1000)
    end_ms = start_ms + days * 86_400_000
    rng = np.random.default_rng(a.seed)
    out = os.path.join(a.out, f"BILLING_PERIOD={a.month}")
    os.makedirs(out, exist_ok=True)

    tenants = np.array([f"clinic-{i:05d}" for i in range(a.tenants)], dtype=object)
    tiers = np.array([TIERS[i % 3] for i in range(a.tenants)], dtype=object)
    shares = np.array([s[1] for s in SERVICES])
    shares = shares / shares.sum()
    total = Decimal(0)
    per_file = -(-a.rows // a.files)
    written = 0
    line_id = 0
    for f in range(a.files):
        n_file = min(per_file, a.rows - written)
        if n_file <= 0:
            break
        path = os.path.join(out, f"cur2-export-{f:05d}.snappy.parquet")
        with pq.ParquetWriter(path, SCHEMA, compression="snappy") as w:
            left = n_file
            while left > 0:
                n = min(left, 1 << 20)
                table, t = chunk(rng, n, tenants, tiers, shares, start_ms, end_ms, line_id, a.month)
                total += t
                w.write_table(table, row_group_size=a.row_group)
                left -= n
                line_id += n
        written += n_file
        print(f"{path}: {n_file} line items", file=sys.stderr)
    print(f"rows={written} tenants={a.tenants} month={a.month} unblended_total={total.quantize(Decimal('0.0000000001'))}")


def chunk(rng, n, tenants, tiers, shares, start_ms, end_ms, first_id, month):
    svc = rng.choice(len(SERVICES), size=n, p=shares)
    ten = rng.integers(0, len(tenants), size=n)
    ghost = rng.random(n) < 0.001
    day_ms = rng.integers(0, (end_ms - start_ms) // 3_600_000, size=n) * 3_600_000 + start_ms
    usage = np.round(rng.gamma(2.0, 500.0, size=n), 4)
    mean = np.array([s[4] for s in SERVICES])[svc]
    cost = np.round(rng.gamma(2.0, 0.5, size=n) * mean, 10)
    # Exact total: sum of the 10-decimal values as integers.
    units = np.rint(cost * 1e10).astype(np.int64)
    total = Decimal(int(units.sum())) / Decimal(10**10)

    codes = np.array([s[0] for s in SERVICES], dtype=object)[svc]
    kinds = np.array([s[2] for s in SERVICES], dtype=object)[svc]
    utypes = np.empty(n, dtype=object)
    for i, s in enumerate(SERVICES):
        idx = np.nonzero(svc == i)[0]
        if len(idx):
            utypes[idx] = np.array(s[3], dtype=object)[rng.integers(0, len(s[3]), size=len(idx))]
    names = tenants[ten].copy()
    names[ghost] = np.array([f"ghost-{i % 7}" for i in range(int(ghost.sum()))], dtype=object)
    tier_v = tiers[ten]
    user = rng.integers(1, 20, size=n)

    principal = np.empty(n, dtype=object)
    keys, vals, offsets = [], [], [0]
    resource = np.empty(n, dtype=object)
    for i in range(n):
        k = kinds[i]
        if k == "metered":
            principal[i] = f"arn:aws:sts::123456789012:assumed-role/medplat-tvm/{names[i]}-u{user[i]}"
            keys += ["iamPrincipal/ClinicId", "iamPrincipal/Tier", "iamPrincipal/UserId"]
            vals += [names[i], tier_v[i], f"{names[i]}-u{user[i]}"]
            resource[i] = "arn:aws:bedrock:us-east-1::foundation-model/mistral.ministral-3-8b-instruct"
        elif k == "tagged":
            principal[i] = None
            keys += ["resourceTags/ClinicId", "resourceTags/Tier"]
            vals += [names[i], tier_v[i]]
            resource[i] = f"arn:aws:s3:::medplat-tenant-data/{tier_v[i]}/{names[i]}/"
        else:
            principal[i] = None
            keys += ["resourceTags/Environment"]
            vals += ["prod"]
            resource[i] = "arn:aws:lambda:us-east-1:123456789012:function:medplat-runtime"
        offsets.append(len(keys))
    tags = pa.MapArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(keys, pa.string()), pa.array(vals, pa.string()))
    prod_offsets = pa.array(np.arange(0, 2 * n + 1, 2, dtype=np.int32))
    prod_keys = pa.array(np.tile(np.array(["product_name", "region"], dtype=object), n), pa.string())
    display = np.array([NAMES[c] for c in codes], dtype=object)
    prod_vals = pa.array(np.ravel(np.column_stack([display, np.full(n, "us-east-1", dtype=object)])), pa.string())
    product = pa.MapArray.from_arrays(prod_offsets, prod_keys, prod_vals)

    y, m = map(int, month.split("-"))
    bp_start = int(datetime.datetime(y, m, 1, tzinfo=datetime.timezone.utc).timestamp() * 1000)
    days = calendar.monthrange(y, m)[1]
    bp_end = bp_start + days * 86_400_000
    ts = lambda v: pa.array(v, pa.timestamp("ms"))
    const = lambda v: pa.array(np.full(n, v, dtype=object), pa.string())
    cols = {
        "bill_bill_type": const("Anniversary"),
        "bill_billing_entity": const("AWS"),
        "bill_billing_period_end_date": ts(np.full(n, bp_end)),
        "bill_billing_period_start_date": ts(np.full(n, bp_start)),
        "bill_invoice_id": const(""),
        "bill_payer_account_id": const("123456789012"),
        "identity_line_item_id": pa.array([f"li-{first_id + i:012x}" for i in range(n)], pa.string()),
        "identity_time_interval": const(""),
        "line_item_blended_cost": pa.array(cost, pa.float64()),
        "line_item_currency_code": const("USD"),
        "line_item_iam_principal": pa.array(principal, pa.string()),
        "line_item_line_item_description": const("usage"),
        "line_item_line_item_type": const("Usage"),
        "line_item_operation": const("Invoke"),
        "line_item_product_code": pa.array(codes, pa.string()),
        "line_item_resource_id": pa.array(resource, pa.string()),
        "line_item_unblended_cost": pa.array(cost, pa.float64()),
        "line_item_unblended_rate": const("0.0000010000"),
        "line_item_usage_account_id": const("123456789012"),
        "line_item_usage_amount": pa.array(usage, pa.float64()),
        "line_item_usage_end_date": ts(day_ms + 3_600_000),
        "line_item_usage_start_date": ts(day_ms),
        "line_item_usage_type": pa.array(utypes, pa.string()),
        "pricing_public_on_demand_cost": pa.array(cost, pa.float64()),
        "pricing_unit": const("Units"),
        "product": product,
        "product_servicecode": pa.array(codes, pa.string()),
        "tags": tags,
    }
    return pa.table([cols[f.name] for f in SCHEMA], schema=SCHEMA), total


if __name__ == "__main__":
    main()
