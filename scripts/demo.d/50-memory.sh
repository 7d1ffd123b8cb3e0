# Sourced by scripts/demo.sh: a tenant's conversations are tenant data. The platform gets its
# AgentCore Memory (`[memory]`), the demo tenant's users talk to the agent (a few events
# seeded per user, actor ids `<tenant>:<Cognito sub>`, and one long-term record a strategy
# would have extracted), and offboarding archives every event and record (count and SHA-256
# of each verified) before erasing them. moto has no ListActors/ListSessions and no memory
# records: the harness's loopback stand-in (examples/memory_standin.rs) answers those and
# forwards the rest to the emulator.
DEMO_TENANT=clinic-a
MEMCFG="$(mktemp "${TMPDIR:-/tmp}/tenantctl-demo-XXXXXX.toml")"
cat "$ROOT/examples/tenantctl.toml" - >"$MEMCFG" <<'TOML'

[memory]
name = "medplat_memory"
event_expiry_days = 90
TOML
cargo build --quiet --example memory_standin
"$ROOT/target/debug/examples/memory_standin" --upstream "$AWS_ENDPOINT_URL" >"$MEMCFG.url" &
STANDIN_PID=$!
trap '"$ROOT/scripts/emulator.sh" stop "$TENANTCTL_EMULATOR_PID"; kill "$STANDIN_PID" 2>/dev/null; rm -f "$MEMCFG" "$MEMCFG.url"' EXIT
for _ in $(seq 50); do grep -q MEMORY_STANDIN_URL "$MEMCFG.url" && break; sleep 0.1; done
STANDIN_URL="$(sed -n 's/^MEMORY_STANDIN_URL=//p' "$MEMCFG.url")"
export AWS_ENDPOINT_URL_BEDROCK_AGENTCORE="$STANDIN_URL" AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL="$STANDIN_URL"
echo "== tenantctl init (with [memory]: creates the platform's AgentCore Memory, names its ARN in the TVM policy)"
TENANTCTL_CONFIG="$MEMCFG" "$BIN" init
MEMORY_ID="$("${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" - "$AWS_ENDPOINT_URL" <<'PY'
import sys, boto3
ssm = boto3.client("ssm", endpoint_url=sys.argv[1], region_name="us-east-1")
print(ssm.get_parameter(Name="/medplat/platform/memory-id")["Parameter"]["Value"])
PY
)"
echo "== seeding conversations of $DEMO_TENANT's users (actor ids <tenant>:<sub>) into memory $MEMORY_ID"
"${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" - "$STANDIN_URL" "$MEMORY_ID" "$DEMO_TENANT" "$AWS_ENDPOINT_URL" <<'PY'
import sys, datetime, boto3
url, mid, tenant, aws = sys.argv[1:5]
dp = boto3.client("bedrock-agentcore", endpoint_url=url, region_name="us-east-1")
idp = boto3.client("cognito-idp", endpoint_url=aws, region_name="us-east-1")
pool = next(p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"] if p["Name"] == "medplat-users")
def sub(email):
    u = idp.admin_get_user(UserPoolId=pool, Username=email)
    return next(a["Value"] for a in u["UserAttributes"] if a["Name"] == "sub")
users = ["dr.ames@clinic-a.example", "nurse.bell@clinic-a.example"]
n = 0
for u in users:
    actor = f"{tenant}:{sub(u)}"
    for s, turns in (("visit-1", 3), ("visit-2", 2)):
        for i in range(turns):
            dp.create_event(memoryId=mid, actorId=actor, sessionId=s,
                eventTimestamp=datetime.datetime(2026, 11, 30, 9, 0, i),
                payload=[{"conversational": {"role": "USER" if i % 2 == 0 else "ASSISTANT",
                                             "content": {"text": f"(demo turn {i} of {s})"}}}])
            n += 1
dp.batch_create_memory_records(memoryId=mid, records=[{
    "requestIdentifier": "demo-1", "namespaces": [f"/tenants/{tenant}:{sub(users[0])}/facts/"],
    "content": {"text": "(demo fact extracted from visit-1)"},
    "timestamp": datetime.datetime(2026, 11, 30, 9, 5), "memoryStrategyId": "facts-demo000001"}])
print(f"seeded {n} events for {len(users)} users and 1 long-term record")
PY
echo "== tenantctl tenant offboard $DEMO_TENANT --dry-run (the plan shows the memory archive and erase)"
TENANTCTL_CONFIG="$MEMCFG" "$BIN" tenant offboard "$DEMO_TENANT" --dry-run
echo "== tenantctl tenant offboard $DEMO_TENANT --yes"
TENANTCTL_CONFIG="$MEMCFG" "$BIN" -v tenant offboard "$DEMO_TENANT" --yes
echo "== the archive run: memory/events.jsonl beside the data, memory/manifest.json (count + SHA-256 per event)"
"${TENANTCTL_VENV:-$ROOT/.venv}/bin/python" - "$AWS_ENDPOINT_URL" "$DEMO_TENANT" <<'PY'
import sys, json, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="medplat-tenant-archive", Prefix=f"offboarding/{sys.argv[2]}/").get("Contents", [])]
for k in keys:
    if "/memory/" in k or k.endswith("manifest.json"):
        print("  s3://medplat-tenant-archive/" + k)
m = json.loads(s3.get_object(Bucket="medplat-tenant-archive", Key=next(k for k in keys if k.endswith("memory/manifest.json")))["Body"].read())
print(f"  memory manifest: {m['count']} event(s), file sha256 {m['file_sha256'][:16]}..., first event sha256 {m['events'][0]['sha256'][:16]}...; {len(m.get('records', []))} long-term record(s)")
PY
echo "== tenantctl validate drift (no memory actor is left without a live tenant: no TD015)"
TENANTCTL_CONFIG="$MEMCFG" "$BIN" validate drift || echo "(exit $?)"
