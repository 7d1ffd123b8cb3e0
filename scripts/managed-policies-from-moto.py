#!/usr/bin/env python3
"""Generate data/aws-managed-policies.jsonl, the AWS managed policy snapshot tenantctl ships.

Where the data comes from: the pinned emulator (moto, see scripts/install-emulator.sh) bundles
every AWS managed policy in moto/iam/aws_managed_policies.py, variable
`aws_managed_policies_data`: a JSON object name -> {Path, DefaultVersionId, CreateDate,
UpdateDate, Document}. moto's maintainers produce it with `make aws_managed_policies`, which
lists the AWS-scoped policies of a real account and stores each one's default version as
returned by iam:GetPolicyVersion. So the documents are AWS's own, as of the dump.

`taken` in the header is the newest UpdateDate in the dump: the dump does not record when it
was made, and no policy in it can be newer than that date.

Output: JSON Lines, one policy per line, sorted by ARN, so that a refresh shows as a
reviewable diff. Keys inside documents are sorted (as `tenantctl policy managed-snapshot`
writes them) so that only real changes show up in a diff.

Run from the repository root after scripts/install-emulator.sh (it uses the project venv):
    .venv/bin/python scripts/managed-policies-from-moto.py            # writes the file
    .venv/bin/python scripts/managed-policies-from-moto.py --out -    # to stdout
or simply `scripts/managed-policies-from-moto.py`, which re-runs itself in the venv
($TENANTCTL_VENV, else .venv).
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPECTED_COUNT_AT_LEAST = 1000  # a dump much smaller than moto's ~1,450 means a broken import
ARN_PREFIX = "arn:aws:iam::aws:policy"


def ensure_venv():
    """Re-run under the project venv's python when started with another one (no moto there)."""
    venv = pathlib.Path(os.environ.get("TENANTCTL_VENV", ROOT / ".venv"))
    py = venv / "bin" / "python"
    if pathlib.Path(sys.prefix).resolve() == venv.resolve():
        return
    if not py.exists():
        sys.exit(f"error: no venv at {venv}; run scripts/install-emulator.sh first")
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def load_dump():
    """moto's dump, read from its file: importing moto.iam would load all of moto's IAM models."""
    spec = importlib.util.find_spec("moto")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: moto is not installed; run scripts/install-emulator.sh first")
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "iam" / "aws_managed_policies.py"
    mod_spec = importlib.util.spec_from_file_location("moto_aws_managed_policies", path)
    mod = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(mod)
    return json.loads(mod.aws_managed_policies_data), importlib.metadata.version("moto")


def policy_line(name, data):
    arn = f"{ARN_PREFIX}{data['Path']}{name}"
    # The document is serialised on its own so that its keys are sorted while the line's own
    # keys keep the documented order (arn, version, updated, document).
    head = json.dumps(
        {"arn": arn, "version": data["DefaultVersionId"], "updated": data["UpdateDate"]},
        separators=(",", ":"),
        ensure_ascii=False,
    )
    doc = json.dumps(data["Document"], separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return arn, f'{head[:-1]},"document":{doc}}}'


def main():
    ensure_venv()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "data" / "aws-managed-policies.jsonl"),
                    help="output file, or - for stdout (default: data/aws-managed-policies.jsonl)")
    args = ap.parse_args()

    dump, moto_version = load_dump()
    if len(dump) < EXPECTED_COUNT_AT_LEAST:
        sys.exit(f"error: only {len(dump)} policies in moto {moto_version}'s dump")
    lines = sorted(policy_line(name, data) for name, data in dump.items())
    taken = max(data["UpdateDate"] for data in dump.values())[:10]
    header = json.dumps(
        {
            "snapshot": "aws-managed-policies",
            "taken": taken,
            "source": f"moto {moto_version} aws_managed_policies.py (iam:GetPolicyVersion dump)",
            "count": len(lines),
        },
        separators=(",", ":"),
    )
    text = "\n".join([header, *(line for _, line in lines)]) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        out = pathlib.Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"{len(lines)} policies (taken {taken}) -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
