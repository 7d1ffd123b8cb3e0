# Demo step (sourced by scripts/demo.sh after `tenant list`): per-tenant cost for last month.
# The emulator tracks no cost, so this seeds Cost Explorer answers through moto's
# /moto-api/static/ce/cost-and-usage-results endpoint. moto hands them out in order, one per
# distinct request: the report asks first for cost grouped by the ClinicId tag, then for the
# ungrouped total it reconciles against.
COST_MONTH="$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)"
COST_FROM="${COST_MONTH}-01"
COST_TO="$(date -u +%Y-%m-01)"
"${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" - "$AWS_ENDPOINT_URL" "$COST_FROM" "$COST_TO" <<'PY'
import json, sys, urllib.request
endpoint, start, end = sys.argv[1:4]
def amount(a):
    return {"UnblendedCost": {"Amount": a, "Unit": "USD"}}
period = {"Start": start, "End": end}
grouped = {"ResultsByTime": [{"TimePeriod": period, "Estimated": False, "Total": {}, "Groups": [
    {"Keys": ["ClinicId$clinic-a"], "Metrics": amount("142.3170")},
    {"Keys": ["ClinicId$clinic-e"], "Metrics": amount("1288.0412")},
    {"Keys": ["ClinicId$"], "Metrics": amount("96.4490")},  # untagged: the shared runtime
]}], "GroupDefinitions": [{"Type": "TAG", "Key": "ClinicId"}], "DimensionValueAttributes": []}
total = {"ResultsByTime": [{"TimePeriod": period, "Estimated": False, "Groups": [],
    "Total": amount("1526.8072")}], "DimensionValueAttributes": []}
req = urllib.request.Request(f"{endpoint}/moto-api/static/ce/cost-and-usage-results",
    data=json.dumps({"results": [grouped, total]}).encode(), headers={"Content-Type": "application/json"}, method="POST")
assert urllib.request.urlopen(req).status == 201
PY
echo "== tenantctl cost report --month $COST_MONTH"; "$BIN" cost report --month "$COST_MONTH"
# Same Cost Explorer requests as above, so the emulator answers them again without new seeds.
echo "== tenantctl cost report --month $COST_MONTH --allocate-shared proportional"
"$BIN" cost report --month "$COST_MONTH" --allocate-shared proportional
echo "== tenantctl cost budget --month $COST_MONTH"
"$BIN" cost budget --month "$COST_MONTH" --all || echo "(exit $?: at least one tenant is at/over the threshold)"
