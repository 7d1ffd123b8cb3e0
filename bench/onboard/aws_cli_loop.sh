#!/usr/bin/env bash
# Baseline 1 of the onboarding benchmark: the AWS calls `tenantctl tenant onboard --from`
# makes on a freshly initialised platform, done by a plain sequential `aws` CLI loop
# (one process per call). Same calls, same order of phases (observe every tenant, then
# apply tenant by tenant), same values; none of tenantctl's validation or policy checks.
#   aws_cli_loop.sh NAMESPACE TENANTS.tsv      (TSV from gen.py)
# Needs AWS_ENDPOINT_URL; uses $AWS (default: aws on PATH).
set -euo pipefail
NS="${1:?usage: aws_cli_loop.sh NAMESPACE TENANTS.tsv}"
TSV="${2:?usage: aws_cli_loop.sh NAMESPACE TENANTS.tsv}"
AWS="${AWS:-aws}"
EP="${AWS_ENDPOINT_URL:?AWS_ENDPOINT_URL must point at the emulator}"
# AWS CLI v1 reads AWS_DEFAULT_REGION, not AWS_REGION.
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
BUCKET="$NS-data"
TVM_ROLE="${NS}_tvm"

aws_() { "$AWS" --endpoint-url "$EP" --output json "$@"; }

# A read that may find nothing (a fresh platform has no tenant yet): not-found is an answer,
# any other failure stops the loop.
observe() {
  local err
  if err="$(aws_ "$@" 2>&1 >/dev/null)"; then return 0; fi
  case "$err" in
    *ParameterNotFound* | *"Not Found"* | *"(404)"* | *NoSuchBucketPolicy* | *NoSuchEntity*) return 0 ;;
    *) echo "$err" >&2; return 1 ;;
  esac
}

# The tenant record tenantctl writes (same fields, same JSON shape).
record() { # tenant tier project status created_at
  local t="$1" tier="$2" project="$3" status="$4" created="$5" now
  now="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
  printf '{"schema_version":1,"tenant":"%s","tier":"%s","status":"%s","created_at":"%s","updated_at":"%s","project_id":"%s","project_id_source":"tier","resources":{"data_bucket":"%s","data_prefix":"%s/%s/","parameters":["/%s/tenants/%s/record","/%s/tenants/%s/project-id"]}}' \
    "$t" "$tier" "$status" "$created" "$now" "$project" "$BUCKET" "$tier" "$t" "$NS" "$t" "$NS" "$t"
}

# Platform: caller identity, the pool id init recorded, one listing of the pool's users.
aws_ sts get-caller-identity >/dev/null
POOL="$(aws_ ssm get-parameter --name "/$NS/platform/user-pool-id" --query Parameter.Value --output text)"
aws_ cognito-idp list-users --user-pool-id "$POOL" --limit 60 >/dev/null

# Observe: per tenant, its record, its project-id parameter, its prefix marker.
while IFS=$'\t' read -r t tier project _; do
  observe ssm get-parameter --name "/$NS/tenants/$t/record"
  observe ssm get-parameter --name "/$NS/tenants/$t/project-id"
  observe s3api head-object --bucket "$BUCKET" --key "$tier/$t/.tenantctl-prefix"
done <"$TSV"

# The isolation gate's reads, once per run before the first tenant turns active (tenantctl
# reads the account once and validates each tenant in memory): the data bucket's policy, the
# TVM role with its inline and attached policies, the registry, the runtime role.
gate_read=""
gate_reads() {
  observe s3api get-bucket-policy --bucket "$BUCKET"
  aws_ iam get-role --role-name "$TVM_ROLE" >/dev/null
  local p
  for p in $(aws_ iam list-role-policies --role-name "$TVM_ROLE" --query 'PolicyNames[]' --output text); do
    aws_ iam get-role-policy --role-name "$TVM_ROLE" --policy-name "$p" >/dev/null
  done
  aws_ iam list-attached-role-policies --role-name "$TVM_ROLE" >/dev/null
  aws_ ssm get-parameters-by-path --path "/$NS/tenants" --recursive --page-size 10 >/dev/null
  observe iam get-role --role-name "$NS-runtime"
}

# Apply, tenant by tenant: record (pending), project id, prefix marker, users, isolation
# gate (reads once), record re-read, record (active).
while IFS=$'\t' read -r -a row; do
  t="${row[0]}" tier="${row[1]}" project="${row[2]}"
  created="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
  aws_ ssm put-parameter --name "/$NS/tenants/$t/record" --type String --overwrite \
    --value "$(record "$t" "$tier" "$project" pending "$created")" >/dev/null
  aws_ ssm put-parameter --name "/$NS/tenants/$t/project-id" --type String --overwrite --value "$project" >/dev/null
  aws_ s3api put-object --bucket "$BUCKET" --key "$tier/$t/.tenantctl-prefix" --metadata "tenant=$t,tier=$tier" >/dev/null
  for email in "${row[@]:3}"; do
    aws_ cognito-idp admin-create-user --user-pool-id "$POOL" --username "$email" --message-action SUPPRESS \
      --user-attributes Name=email,Value="$email" Name=email_verified,Value=true \
      Name=custom:tier,Value="$tier" Name=custom:clinic_id,Value="$t" >/dev/null
  done
  if [[ -z "$gate_read" ]]; then gate_reads; gate_read=1; fi
  aws_ ssm get-parameter --name "/$NS/tenants/$t/record" >/dev/null
  aws_ ssm put-parameter --name "/$NS/tenants/$t/record" --type String --overwrite \
    --value "$(record "$t" "$tier" "$project" active "$created")" >/dev/null
done <"$TSV"
