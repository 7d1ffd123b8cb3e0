# Sourced by scripts/demo.sh: prove isolation of the onboarded tenants (policies read back from
# the emulator's IAM, judged by tenantctl's own evaluator), then check for drift.
echo "== tenantctl validate isolation"
"$BIN" validate isolation
echo "== tenantctl validate drift"
"$BIN" validate drift
