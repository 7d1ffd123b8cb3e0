"""Harness patch for moto 5.2.4 (applied by scripts/install-emulator.sh, never used by tenantctl).

moto 5.2.x answers GetBucketVersioning with the XML root <GetBucketVersioningResponse>; S3 (and
every AWS SDK, the Rust one included) uses <VersioningConfiguration>, so the Rust SDK rejects
the answer ("invalid XML root") and every command that checks a bucket's versioning fails
against the emulator. This rewrites that one handler to answer as S3 does. Idempotent.
"""
import pathlib
import sys

import moto.s3.responses as r

path = pathlib.Path(r.__file__)
src = path.read_text()
MARK = "# tenantctl harness patch: GetBucketVersioning root"
if MARK in src:
    sys.exit(0)
old = '''    def get_bucket_versioning(self) -> TYPE_RESPONSE:
        versioning = self.backend.get_bucket_versioning(self.bucket_name)
        result = {"Status": versioning}
        self.data["Action"] = "GetBucketVersioning"
        return self.serialized(ActionResult(result))'''
new = f'''    def get_bucket_versioning(self) -> TYPE_RESPONSE:
        {MARK}
        versioning = self.backend.get_bucket_versioning(self.bucket_name)
        status = f"<Status>{{versioning}}</Status>" if versioning else ""
        body = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                f"{{status}}</VersioningConfiguration>")
        return 200, {{}}, body'''
if old not in src:
    sys.exit(f"{path}: get_bucket_versioning is not the code this patch expects; check the moto pin")
path.write_text(src.replace(old, new))
