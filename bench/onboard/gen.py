#!/usr/bin/env python3
"""Generate the onboarding benchmark's input: N tenants alternating basic/premium, M users each.

Writes two files describing the same tenants:
  --json  the bulk file tenantctl reads (`tenant onboard --from`): [{tenant, tier, users}]
  --tsv   one line per tenant for the baselines: tenant<TAB>tier<TAB>project_id<TAB>email...
The project id of each line is its tier's (as tenantctl takes it from the config), so the
baselines write the same values tenantctl does.
"""

import argparse
import json
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tenants", type=int, default=100)
    ap.add_argument("--users", type=int, default=10, help="users per tenant")
    ap.add_argument("--tiers", default="basic=basic-proj,premium=premium-proj",
                    help="tier=project_id pairs, cycled over the tenants")
    ap.add_argument("--json", required=True)
    ap.add_argument("--tsv", required=True)
    a = ap.parse_args()
    if a.tenants < 1 or a.users < 0:
        print("--tenants must be >= 1 and --users >= 0", file=sys.stderr)
        return 2
    tiers = [tuple(p.split("=", 1)) for p in a.tiers.split(",")]
    rows = []
    for i in range(1, a.tenants + 1):
        tier, project = tiers[(i - 1) % len(tiers)]
        tenant = f"clinic-{i:04d}"
        # Unique across tenants: the tenant id is in the domain.
        users = [f"user{j:02d}@{tenant}.example.com" for j in range(1, a.users + 1)]
        rows.append((tenant, tier, project, users))
    with open(a.json, "w") as f:
        json.dump([{"tenant": t, "tier": tier, "users": u} for t, tier, _, u in rows], f, indent=1)
    with open(a.tsv, "w") as f:
        for t, tier, project, u in rows:
            f.write("\t".join([t, tier, project, *u]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
