//! The registry index (issue #18, docs/architecture.md "The registry at fleet scale"): shards
//! in the archive bucket that every record and membership write keeps current, read by
//! `tenant list`, checked by `validate drift` (TD022) and rebuilt by `registry reindex`.

use sha2::{Digest, Sha256};

use crate::common::fault_proxy::{FaultConfig, FaultProxy};
use crate::common::{endpoint, Sdk, TestEnv};
use crate::lifecycle_support::get;

const MANIFEST: &str = "registry/_index/manifest.json";

fn shard_of(t: &str) -> u8 {
    Sha256::digest(t.as_bytes())[0]
}

fn shard_key(s: u8) -> String {
    format!("registry/_index/{s:02x}.json")
}

/// Tenant `t`'s entry as stored in its shard.
fn entry(env: &TestEnv, sdk: &Sdk, t: &str) -> serde_json::Value {
    let (body, _, _) = get(sdk, &env.archive_bucket(), &shard_key(shard_of(t)));
    let shard: serde_json::Value = serde_json::from_slice(&body).unwrap();
    shard["entries"][t].clone()
}

fn put_object(sdk: &Sdk, bucket: &str, key: &str, body: Vec<u8>) {
    sdk.rt
        .block_on(
            sdk.s3
                .put_object()
                .bucket(bucket)
                .key(key)
                .body(body.into())
                .send(),
        )
        .unwrap();
}

fn delete_object(sdk: &Sdk, bucket: &str, key: &str) {
    sdk.rt
        .block_on(sdk.s3.delete_object().bucket(bucket).key(key).send())
        .unwrap();
}

fn list_json(env: &TestEnv) -> (serde_json::Value, String) {
    let (out, err) = env.ok(&["tenant", "list", "--all", "--output", "json"]);
    (serde_json::from_str(&out).unwrap(), err)
}

/// `tenant list` from the index and from the SSM sweep (the manifest removed: a registry from
/// before the index) show the same; `registry reindex` then plans the manifest alone (every
/// shard was already right) and a second run nothing.
fn assert_lists_agree(env: &TestEnv, sdk: &Sdk) -> serde_json::Value {
    let (indexed, err) = list_json(env);
    assert!(!err.contains("not built"), "{err}");
    delete_object(sdk, &env.archive_bucket(), MANIFEST);
    let (swept, err) = list_json(env);
    assert!(
        err.contains("registry index is not built") && err.contains("tenantctl registry reindex"),
        "{err}"
    );
    assert_eq!(indexed, swept, "index and SSM sweep disagree");
    let (out, err) = env.ok(&["registry", "reindex"]);
    assert!(err.contains("reindex: 1 change planned"), "{out}\n{err}");
    assert!(out.contains("manifest.json"), "{out}");
    let (_, err) = env.ok(&["registry", "reindex"]);
    assert!(err.contains("0 changes planned"), "{err}");
    indexed
}

fn row<'a>(rows: &'a serde_json::Value, t: &str) -> &'a serde_json::Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["tenant"] == t)
        .unwrap_or_else(|| panic!("{t} not listed: {rows}"))
}

#[test]
fn index_follows_every_lifecycle_write_and_lists_like_the_sweep() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    // init marks the index of an empty registry built: nothing to reindex.
    let (_, err) = env.ok(&["registry", "reindex", "--dry-run"]);
    assert!(err.contains("0 changes planned"), "{err}");
    let (rows, err) = list_json(&env);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(rows.as_array().unwrap().len(), 0);

    env.ok(&[
        "tenant",
        "onboard",
        "clinic-ix",
        "--tier",
        "basic",
        "--user",
        "a@ix.example",
        "--user",
        "b@ix.example",
    ]);
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-iy",
        "--tier",
        "premium",
        "--user",
        "c@iy.example",
    ]);
    let e = entry(&env, &sdk, "clinic-ix");
    assert_eq!(
        (
            e["tier"].as_str(),
            e["status"].as_str(),
            e["users"].as_u64()
        ),
        (Some("basic"), Some("active"), Some(2)),
        "{e}"
    );
    let rows = assert_lists_agree(&env, &sdk);
    assert_eq!(row(&rows, "clinic-ix")["users"], 2);

    env.ok(&["tenant", "set-tier", "clinic-ix", "premium", "--yes"]);
    assert_eq!(entry(&env, &sdk, "clinic-ix")["tier"], "premium");
    env.ok(&[
        "tenant",
        "suspend",
        "clinic-iy",
        "--reason",
        "unpaid",
        "--yes",
    ]);
    assert_eq!(entry(&env, &sdk, "clinic-iy")["status"], "suspended");
    let rows = assert_lists_agree(&env, &sdk);
    assert_eq!(row(&rows, "clinic-ix")["tier"], "premium");
    assert_eq!(row(&rows, "clinic-iy")["status"], "suspended");

    env.ok(&["tenant", "offboard", "clinic-ix", "--yes"]);
    let e = entry(&env, &sdk, "clinic-ix");
    assert_eq!(
        (e["status"].as_str(), e["users"].as_u64()),
        (Some("offboarded"), Some(0)),
        "{e}"
    );
    let rows = assert_lists_agree(&env, &sdk);
    assert_eq!(row(&rows, "clinic-ix")["status"], "offboarded");
    // Without --all the offboarded tenant is left out, from the index too.
    let (out, _) = env.ok(&["tenant", "list", "--output", "json"]);
    assert!(
        !out.contains("clinic-ix") && out.contains("clinic-iy"),
        "{out}"
    );
}

#[test]
fn reindex_migrates_a_registry_from_before_the_index_and_drift_finds_a_hand_edited_shard() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-ma",
        "--tier",
        "basic",
        "--user",
        "a@ma.example",
    ]);
    env.ok(&["tenant", "onboard", "clinic-mb", "--tier", "premium"]);
    // A registry from before the index: no manifest, no shards.
    let bucket = env.archive_bucket();
    for key in sdk.objects(&bucket, "registry/_index/").keys() {
        delete_object(&sdk, &bucket, key);
    }
    let (code, out, _) = env.run(&["validate", "drift", "--output", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TD022") && out.contains("not built"), "{out}");

    let before = crate::common::snapshot(&env, &sdk);
    let (out, err) = env.ok(&["registry", "reindex", "--dry-run"]);
    assert!(
        err.contains("3 changes planned (would change)"),
        "{out}\n{err}"
    );
    assert!(
        out.contains("add clinic-ma") && out.contains("add clinic-mb"),
        "{out}"
    );
    assert_eq!(before, crate::common::snapshot(&env, &sdk), "dry run wrote");
    env.ok(&["registry", "reindex"]);
    let (_, err) = env.ok(&["registry", "reindex"]);
    assert!(err.contains("0 changes planned"), "{err}");
    assert_eq!(entry(&env, &sdk, "clinic-ma")["users"], 1);
    let (rows, err) = list_json(&env);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(rows.as_array().unwrap().len(), 2);
    let (code, out, _) = env.run(&["validate", "drift", "--output", "json"]);
    assert!(!out.contains("TD022"), "exit {code}: {out}");

    // A shard edited by hand: a tier rewritten and a tenant that does not exist added.
    let key = shard_key(shard_of("clinic-ma"));
    let (body, _, _) = get(&sdk, &bucket, &key);
    let mut shard: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let mut ghost = shard["entries"]["clinic-ma"].clone();
    shard["entries"]["clinic-ma"]["tier"] = "premium".into();
    ghost["tier"] = "basic".into();
    shard["entries"]["clinic-zz"] = ghost;
    put_object(&sdk, &bucket, &key, serde_json::to_vec(&shard).unwrap());
    let (code, out, _) = env.run(&["validate", "drift", "--output", "json"]);
    assert_eq!(code, 1, "{out}");
    let rep: serde_json::Value = serde_json::from_str(&out).unwrap();
    let td022: Vec<String> = rep["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "TD022")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(td022.len(), 2, "{td022:?}");
    assert!(
        td022.iter().any(|m| m.contains("clinic-ma")
            && m.contains("tier: index \"premium\", registry \"basic\"")),
        "{td022:?}"
    );
    assert!(
        td022
            .iter()
            .any(|m| m.contains("clinic-zz") && m.contains("no record")),
        "{td022:?}"
    );
    let (out, _) = env.ok(&["registry", "reindex", "--dry-run"]);
    assert!(
        out.contains("update clinic-ma") && out.contains("remove clinic-zz"),
        "{out}"
    );
    env.ok(&["registry", "reindex"]);
    let (_, out, _) = env.run(&["validate", "drift", "--output", "json"]);
    assert!(!out.contains("TD022"), "{out}");
}

/// Tenant ids that share one shard (found by hashing, as tenantctl does).
fn same_shard(n: usize) -> Vec<String> {
    let first = shard_of("race-0");
    (0..)
        .map(|i| format!("race-{i}"))
        .filter(|t| shard_of(t) == first)
        .take(n)
        .collect()
}

#[test]
fn concurrent_operators_writing_one_shard_lose_no_entry() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    // Through the proxy: it forwards conditional writes one at a time, as S3 applies them
    // atomically (moto checks the condition and stores in two steps; see is_conditional_put).
    let proxy = FaultProxy::start(endpoint(), FaultConfig::default());
    let tenants = same_shard(4);
    let children: Vec<_> = tenants
        .iter()
        .map(|t| {
            let mut c = env.cmd();
            c.env("AWS_ENDPOINT_URL", proxy.url());
            let user = format!("u@{t}.example");
            c.args(["tenant", "onboard", t, "--tier", "basic", "--user", &user]);
            c.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let puts = proxy.stats().get("s3:PUTObject").map_or(0, |s| s.forwarded);
    for t in &tenants {
        let e = entry(&env, &sdk, t);
        assert_eq!(
            (e["status"].as_str(), e["users"].as_u64()),
            (Some("active"), Some(1)),
            "{t}: {e} ({puts} puts)"
        );
    }
    let (rows, _) = list_json(&env);
    assert_eq!(rows.as_array().unwrap().len(), tenants.len(), "{rows}");
}

/// The onboarding gate reads the fleet from SSM while the registry is small (at most
/// `SMALL_REGISTRY_PAGES` pages), and from the index beyond it (256 shard reads instead of
/// ⌈2N/10⌉ pages): counted by the proxy for a registry of 131 tenants (262 parameters, 27
/// pages).
#[test]
fn the_gate_reads_a_large_registry_from_the_index() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&["tenant", "onboard", "big-000", "--tier", "basic"]);
    let root = format!("/{}/tenants", env.ns);
    let record = sdk.param(&format!("{root}/big-000/record")).unwrap();
    let project = sdk.param(&format!("{root}/big-000/project-id")).unwrap();
    for i in 1..=130 {
        let t = format!("big-{i:03}");
        for (name, value) in [("record", &record), ("project-id", &project)] {
            sdk.rt
                .block_on(
                    sdk.ssm
                        .put_parameter()
                        .name(format!("{root}/{t}/{name}"))
                        .value(value.replace("big-000", &t))
                        .r#type(aws_sdk_ssm::types::ParameterType::String)
                        .overwrite(true)
                        .send(),
                )
                .unwrap();
        }
    }
    env.ok(&["registry", "reindex"]);
    let proxy = FaultProxy::start(endpoint(), FaultConfig::default());
    let mut c = env.cmd();
    c.env("AWS_ENDPOINT_URL", proxy.url());
    c.args(["tenant", "onboard", "big-new", "--tier", "basic"]);
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = proxy.stats();
    let count = |k: &str| stats.get(k).map_or(0, |s| s.forwarded);
    assert_eq!(
        count("ssm:GetParametersByPath"),
        tenantctl::platform::index::SMALL_REGISTRY_PAGES as u64,
        "{stats:#?}"
    );
    assert!(count("s3:GETObject") >= 256, "{stats:#?}");

    // Without the index (a registry from before it), the gate reads the registry once: the
    // sweep goes on from where its first pages stopped, it does not start again.
    delete_object(&sdk, &env.archive_bucket(), MANIFEST);
    let proxy = FaultProxy::start(endpoint(), FaultConfig::default());
    let mut c = env.cmd();
    c.env("AWS_ENDPOINT_URL", proxy.url());
    c.args(["tenant", "onboard", "big-newer", "--tier", "basic"]);
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = proxy.stats();
    let count = |k: &str| stats.get(k).map_or(0, |s| s.forwarded);
    let pages = sdk.params(&root).len().div_ceil(10) as u64;
    assert!(pages > 25, "{pages}");
    assert_eq!(count("ssm:GetParametersByPath"), pages, "{stats:#?}");
}
