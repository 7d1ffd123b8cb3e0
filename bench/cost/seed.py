#!/usr/bin/env python3
"""Cost benchmark fixture on the emulator: N tenant records in the registry (SSM), and
Cost Explorer answers for 12 months of cost grouped by ClinicId (paginated with
NextPageToken, as Cost Explorer does), then the ungrouped total the report reconciles
against, queued through moto's /moto-api/static/ce/cost-and-usage-results in the order
`tenantctl cost report` asks for them.

    seed.py NAMESPACE TENANTS FROM TO      (FROM/TO: YYYY-MM-01, TO exclusive; needs AWS_ENDPOINT_URL)
"""

import datetime
import json
import os
import random
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import boto3

NS, N, FROM, TO = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
EP = os.environ["AWS_ENDPOINT_URL"]
TIERS = ["basic", "premium", "enterprise"]
PAGE = 4000
UNKNOWN = 25
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
ssm = boto3.client("ssm", endpoint_url=EP, region_name="us-east-1")


def put(i: int) -> None:
    t, tier = f"clinic-{i:05d}", TIERS[i % 3]
    record = {
        "schema_version": 1, "tenant": t, "tier": tier, "status": "active",
        "created_at": now, "updated_at": now, "project_id": f"{tier}-proj", "project_id_source": "tier",
        "resources": {"data_bucket": f"{NS}-data", "data_prefix": f"{tier}/{t}/", "parameters": []},
    }
    ssm.put_parameter(Name=f"/{NS}/tenants/{t}/record", Value=json.dumps(record), Type="String", Overwrite=True)


with ThreadPoolExecutor(8) as pool:
    list(pool.map(put, range(N)))


def months(start: str, end: str):
    d = datetime.date.fromisoformat(start)
    stop = datetime.date.fromisoformat(end)
    while d < stop:
        nxt = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        yield d.isoformat(), nxt.isoformat()
        d = nxt


rng = random.Random(42)
amount = lambda hi: f"{Decimal(rng.randrange(0, hi * 10**10)) / Decimal(10**10):.10f}"
metric = lambda a: {"UnblendedCost": {"Amount": a, "Unit": "USD"}}
fragments, totals = [], []
for start, end in months(FROM, TO):
    groups = [{"Keys": [f"ClinicId$clinic-{i:05d}"], "Metrics": metric(amount(200))} for i in range(N) if i % 10 != 3]
    groups += [{"Keys": [f"ClinicId$legacy-{u}"], "Metrics": metric(amount(200))} for u in range(UNKNOWN)]
    groups.append({"Keys": ["ClinicId$"], "Metrics": metric(amount(50000))})
    total = sum(Decimal(g["Metrics"]["UnblendedCost"]["Amount"]) for g in groups)
    totals.append({"TimePeriod": {"Start": start, "End": end}, "Total": metric(str(total)), "Groups": [], "Estimated": False})
    for k in range(0, len(groups), PAGE):
        fragments.append({"TimePeriod": {"Start": start, "End": end}, "Total": {}, "Groups": groups[k:k + PAGE], "Estimated": False})

pages = []
for n, frag in enumerate(fragments):
    page = {"ResultsByTime": [frag], "DimensionValueAttributes": []}
    if n + 1 < len(fragments):
        page["NextPageToken"] = f"page-{n + 2}"
    pages.append(page)
pages.append({"ResultsByTime": totals, "DimensionValueAttributes": []})
req = urllib.request.Request(f"{EP}/moto-api/static/ce/cost-and-usage-results",
                             data=json.dumps({"results": pages}).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
assert urllib.request.urlopen(req).status == 201
print(f"seeded {N} tenants, {len(fragments)} Cost Explorer pages, {sum(len(f['Groups']) for f in fragments)} groups")
