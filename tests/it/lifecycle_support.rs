//! Helpers for the lifecycle tests: the shared clinic fixture documents, raw S3 reads, and
//! running a command that the test hook stops after a named step.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common::{Sdk, TestEnv};

/// `../shared/fixtures/clinic-documents`, or None (test skipped) when absent outside CI.
pub fn fixture_root() -> Option<PathBuf> {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/clinic-documents");
    if root.is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "fixtures missing at {} (required under CI=true)",
        root.display()
    );
    // Straight to stderr, past libtest's capture, so the skip shows in every run's log.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: fixtures not found at {}",
        root.display()
    );
    None
}

/// One fixture document: key relative to the tenant prefix, bytes, S3 user metadata.
#[derive(Debug, Clone)]
pub struct Doc {
    pub rel: String,
    pub body: Vec<u8>,
    pub metadata: BTreeMap<String, String>,
}

/// Every document of `<tier_dir>/<clinic>/`, metadata from its `.metadata.json` sidecar.
pub fn docs(root: &std::path::Path, tier_dir: &str, clinic: &str) -> Vec<Doc> {
    let base = root.join(tier_dir).join(clinic);
    let mut out = Vec::new();
    for cat in std::fs::read_dir(&base).unwrap() {
        let cat = cat.unwrap().path();
        for f in std::fs::read_dir(&cat).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_str().unwrap().to_string();
            if name.ends_with(".metadata.json") {
                continue;
            }
            let side: serde_json::Value = serde_json::from_slice(
                &std::fs::read(format!("{}.metadata.json", f.display())).unwrap(),
            )
            .unwrap();
            let metadata = side["metadataAttributes"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.replace('_', "-"), v.as_str().unwrap().to_string()))
                .collect();
            let rel = format!("{}/{name}", cat.file_name().unwrap().to_str().unwrap());
            out.push(Doc {
                rel,
                body: std::fs::read(&f).unwrap(),
                metadata,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    assert!(!out.is_empty(), "no documents under {}", base.display());
    out
}

pub fn put(sdk: &Sdk, bucket: &str, key: &str, body: &[u8], metadata: &BTreeMap<String, String>) {
    let mut req = sdk
        .s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("text/plain")
        .body(body.to_vec().into());
    for (k, v) in metadata {
        req = req.metadata(k, v);
    }
    sdk.rt.block_on(req.send()).unwrap();
}

pub fn upload(sdk: &Sdk, bucket: &str, prefix: &str, docs: &[Doc]) {
    for d in docs {
        put(
            sdk,
            bucket,
            &format!("{prefix}{}", d.rel),
            &d.body,
            &d.metadata,
        );
    }
}

/// (bytes, user metadata, content type) of a key's current version.
pub fn get(
    sdk: &Sdk,
    bucket: &str,
    key: &str,
) -> (Vec<u8>, BTreeMap<String, String>, Option<String>) {
    let o = sdk
        .rt
        .block_on(sdk.s3.get_object().bucket(bucket).key(key).send())
        .unwrap_or_else(|e| panic!("get s3://{bucket}/{key}: {e:?}"));
    let meta = o.metadata.clone().unwrap_or_default().into_iter().collect();
    let ct = o.content_type.clone();
    let body = sdk
        .rt
        .block_on(o.body.collect())
        .unwrap()
        .into_bytes()
        .to_vec();
    (body, meta, ct)
}

/// key -> (data versions, delete markers, latest is a delete marker) under a prefix.
pub fn versions(sdk: &Sdk, bucket: &str, prefix: &str) -> BTreeMap<String, (usize, usize, bool)> {
    let mut out: BTreeMap<String, (usize, usize, bool)> = BTreeMap::new();
    let (mut km, mut vm) = (None, None);
    loop {
        let r = sdk
            .rt
            .block_on(
                sdk.s3
                    .list_object_versions()
                    .bucket(bucket)
                    .prefix(prefix)
                    .set_key_marker(km.take())
                    .set_version_id_marker(vm.take())
                    .send(),
            )
            .unwrap();
        for v in r.versions.unwrap_or_default() {
            out.entry(v.key.unwrap()).or_default().0 += 1;
        }
        for m in r.delete_markers.unwrap_or_default() {
            let e = out.entry(m.key.unwrap()).or_default();
            e.1 += 1;
            e.2 |= m.is_latest.unwrap_or(false);
        }
        if r.is_truncated != Some(true) {
            return out;
        }
        km = r.next_key_marker;
        vm = r.next_version_id_marker;
    }
}

/// Run with the test-only crash hook set to stop after `op:step`; returns (code, stderr).
pub fn run_until(env: &TestEnv, args: &[&str], op_step: &str) -> (i32, String) {
    let out = env
        .cmd()
        .env("TENANTCTL_TEST_ABORT_AFTER_STEP", op_step)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn record(env: &TestEnv, sdk: &Sdk, tenant: &str) -> Option<serde_json::Value> {
    sdk.param(&format!("/{}/tenants/{tenant}/record", env.ns))
        .map(|s| serde_json::from_str(&s).unwrap())
}

pub fn pool(env: &TestEnv, sdk: &Sdk) -> String {
    sdk.pool_id(&format!("{}-users", env.ns)).unwrap()
}

/// username -> (enabled, attributes) of one tenant's users.
pub fn users_of(
    env: &TestEnv,
    sdk: &Sdk,
    tenant: &str,
) -> BTreeMap<String, (bool, BTreeMap<String, String>)> {
    sdk.users(&pool(env, sdk))
        .into_iter()
        .filter(|(_, (_, a))| a.get("custom:clinic_id").map(String::as_str) == Some(tenant))
        .collect()
}

/// Everything other tenants own, for "byte-for-byte untouched" checks: their objects (with
/// bytes and metadata), users and parameters.
pub fn others_state(env: &TestEnv, sdk: &Sdk, exclude: &str) -> String {
    let mut s = String::new();
    for (k, _) in sdk.objects(&env.data_bucket(), "") {
        if k.split('/').nth(1) == Some(exclude) {
            continue;
        }
        let (b, m, ct) = get(sdk, &env.data_bucket(), &k);
        s += &format!("obj {k} {} {:?} {:?} {:?}\n", b.len(), sha(&b), m, ct);
    }
    for (u, (en, a)) in sdk.users(&pool(env, sdk)) {
        if a.get("custom:clinic_id").map(String::as_str) != Some(exclude) {
            s += &format!("user {u} {en} {a:?}\n");
        }
    }
    for (k, v) in sdk.params(&format!("/{}", env.ns)) {
        if !k.starts_with(&format!("/{}/tenants/{exclude}/", env.ns)) {
            s += &format!("param {k} {v}\n");
        }
    }
    s
}

pub fn sha(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// A reference tenant plus one `crash-<step>` tenant per step, each onboarded on `tier` with
/// `users` users (`u<n>@<tenant>.example`) and the documents uploaded into its prefix.
pub fn crash_tenants(
    env: &TestEnv,
    sdk: &Sdk,
    reference: &str,
    steps: &[&str],
    tier: &str,
    users: usize,
    docs: &[Doc],
) -> Vec<String> {
    let mut tenants = vec![reference.to_string()];
    tenants.extend(steps.iter().map(|s| format!("crash-{s}")));
    for t in &tenants {
        let emails: Vec<String> = (1..=users).map(|n| format!("u{n}@{t}.example")).collect();
        let mut args = vec!["tenant", "onboard", t.as_str(), "--tier", tier];
        for e in &emails {
            args.extend(["--user", e.as_str()]);
        }
        env.ok(&args);
        upload(sdk, &env.data_bucket(), &format!("{tier}/{t}/"), docs);
    }
    tenants
}

/// clinic-a (basic, users dr.a@ and nurse@, its fixture documents uploaded) with neighbours
/// that must stay untouched: clinic-ab (basic, an id extending clinic-a's) and hospital-a
/// (premium, another tier), each with users and documents. Returns clinic-a's documents.
pub fn clinic_a_and_neighbours(env: &TestEnv, sdk: &Sdk, root: &std::path::Path) -> Vec<Doc> {
    for (t, tier, users) in [
        (
            "clinic-a",
            "basic",
            &["dr.a@clinic-a.example", "nurse@clinic-a.example"][..],
        ),
        ("clinic-ab", "basic", &["dr@clinic-ab.example"][..]),
        ("hospital-a", "premium", &["cio@hospital-a.example"][..]),
    ] {
        let mut args = vec!["tenant", "onboard", t, "--tier", tier];
        for u in users {
            args.extend(["--user", *u]);
        }
        env.ok(&args);
    }
    let a = docs(root, "basic-tier", "clinic-a");
    upload(sdk, &env.data_bucket(), "basic/clinic-a/", &a);
    upload(
        sdk,
        &env.data_bucket(),
        "basic/clinic-ab/",
        &docs(root, "basic-tier", "clinic-b"),
    );
    upload(
        sdk,
        &env.data_bucket(),
        "premium/hospital-a/",
        &docs(root, "premium-tier", "hospital-a"),
    );
    a
}
