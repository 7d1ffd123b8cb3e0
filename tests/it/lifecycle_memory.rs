//! AgentCore Memory as tenant data, against the emulator: `init` creates or adopts the
//! platform's memory and names its ARN in the TVM policy; `tenant offboard` archives every
//! event of the tenant's actors (verified by count and SHA-256 of each) before erasing exactly
//! those; `tenant restore` brings every event back (read back and compared here, event by
//! event); `user remove` erases one user's events after archiving them; both resume after a
//! kill; `validate drift` reports actors that belong to no live tenant or user (TD015) and
//! strategy namespaces the tenant policy does not grant (TD016).
//!
//! Long-term memory records (what strategies extract) are tenant data too: archived, erased
//! and restored with the events.
//!
//! moto 5.2.4 serves the memory control plane and CreateEvent/GetEvent/ListEvents/DeleteEvent,
//! but not ListActors or ListSessions, which tenantctl uses to find a tenant's actors and
//! sessions, nor any long-term record call. These tests therefore put the loopback stand-in of
//! `common::memory_standin` in front of the emulator for the data plane
//! (`AWS_ENDPOINT_URL_BEDROCK_AGENTCORE`); it answers those two calls from the events it saw
//! created and deleted, serves ListMemoryRecords and BatchCreate/BatchDeleteMemoryRecords from
//! its own store, and forwards everything else to moto.

use std::collections::BTreeMap;

use aws_sdk_bedrockagentcore::types::{
    Content, Conversational, MemoryContent, MemoryJsonData, MemoryRecordCreateInput,
    MemoryRecordMetadataValue, MetadataValue, PayloadType, Role,
};
use aws_smithy_types::{DateTime, Document};

use crate::common::memory_standin::MemoryStandIn;
use crate::common::{endpoint, Sdk, TestEnv};
use crate::lifecycle_support::{record, run_until, sha};

struct MemEnv {
    env: TestEnv,
    sdk: Sdk,
    standin: MemoryStandIn,
    dp: aws_sdk_bedrockagentcore::Client,
}

/// Two strategies: `facts` agrees with the tenant policy (`/tenants/{actorId}/` expands to the
/// actor-scoped `/tenants/<tenant>:<sub>/`), `shared` does not (a namespace no tenant owns).
const STRATEGY: &str = r#"
[[memory.strategies]]
kind = "semantic"
name = "facts"
namespace = "/tenants/{actorId}/facts/"

[[memory.strategies]]
kind = "summary"
name = "shared"
namespace = "/summaries/{sessionId}/"
"#;

fn mem_env(strategies: &str) -> MemEnv {
    let mut env = TestEnv::new();
    let mut text = std::fs::read_to_string(&env.config).unwrap();
    text += &format!(
        "\n[memory]\nname = \"{}_memory\"\nevent_expiry_days = 30\n{strategies}",
        env.ns
    );
    std::fs::write(&env.config, text).unwrap();
    let standin = MemoryStandIn::start(endpoint());
    for var in [
        "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE",
        "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL",
    ] {
        env.env.push((var.into(), standin.url().to_string()));
    }
    let sdk = Sdk::new();
    let dp = sdk.agentcore_via(standin.url());
    MemEnv {
        env,
        sdk,
        standin,
        dp,
    }
}

impl MemEnv {
    /// The actor id of a tenant's user: `<tenant>:<sub>`, the sub read from the user pool.
    fn actor(&self, tenant: &str, email: &str) -> String {
        let pool = self
            .sdk
            .pool_id(&format!("{}-users", self.env.ns))
            .expect("init created the pool");
        let users = self.sdk.users(&pool);
        let sub = &users
            .get(email)
            .unwrap_or_else(|| panic!("no user {email}"))
            .1["sub"];
        format!("{tenant}:{sub}")
    }

    /// Create one long-term record in `ns` (as a strategy would have extracted it).
    fn seed_record(&self, ns: &str, text: &str) {
        let r = MemoryRecordCreateInput::builder()
            .request_identifier(format!("seed-{}", text.len()))
            .namespaces(ns)
            .content(MemoryContent::Text(text.into()))
            .timestamp(DateTime::from_millis(1_767_225_600_000))
            .memory_strategy_id("facts-abcdef1234")
            .metadata(
                "kind",
                MemoryRecordMetadataValue::StringValue("fact".into()),
            )
            .build()
            .unwrap();
        let o = self
            .sdk
            .rt
            .block_on(
                self.dp
                    .batch_create_memory_records()
                    .memory_id(self.memory_id())
                    .records(r)
                    .send(),
            )
            .unwrap();
        assert!(o.failed_records().is_empty());
    }

    /// Every record under a namespace prefix as "namespace|text", sorted.
    fn records(&self, prefix: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let o = self
                .sdk
                .rt
                .block_on(
                    self.dp
                        .list_memory_records()
                        .memory_id(self.memory_id())
                        .namespace(prefix)
                        .set_next_token(token)
                        .send(),
                )
                .unwrap();
            for r in o.memory_record_summaries {
                let text = match r.content {
                    Some(MemoryContent::Text(t)) => t,
                    _ => String::new(),
                };
                out.push(format!("{}|{text}", r.namespaces.join(",")));
            }
            token = o.next_token;
            if token.is_none() {
                break;
            }
        }
        out.sort();
        out
    }

    fn memory_id(&self) -> String {
        self.sdk
            .param(&format!("/{}/platform/memory-id", self.env.ns))
            .expect("init recorded the memory id")
    }

    /// Create `n` events for (actor, session): a conversational turn each, every second one
    /// with a JSON payload and metadata too. Returns what was written, normalised.
    fn seed(&self, actor: &str, session: &str, n: usize) -> Vec<String> {
        let mid = self.memory_id();
        let mut out = Vec::new();
        for i in 0..n {
            let mut req = self
                .dp
                .create_event()
                .memory_id(&mid)
                .actor_id(actor)
                .session_id(session)
                .event_timestamp(DateTime::from_millis(1_767_225_600_000 + 1000 * i as i64))
                .payload(PayloadType::Conversational(
                    Conversational::builder()
                        .role(if i % 2 == 0 {
                            Role::User
                        } else {
                            Role::Assistant
                        })
                        .content(Content::Text(format!("secret-{actor}-{session}-{i}")))
                        .build()
                        .unwrap(),
                ));
            if i % 2 == 1 {
                req = req
                    .payload(PayloadType::Json(
                        MemoryJsonData::builder()
                            .content(Document::Object(
                                [("bp".to_string(), Document::String(format!("120/{i}")))]
                                    .into_iter()
                                    .collect(),
                            ))
                            .build()
                            .unwrap(),
                    ))
                    .metadata("kind", MetadataValue::StringValue("vitals".into()));
            }
            let e = self.sdk.rt.block_on(req.send()).unwrap().event.unwrap();
            out.push(normalise(&e));
        }
        out
    }

    /// Every event of (actor, session) as the emulator holds it, normalised, oldest first.
    fn events(&self, actor: &str, session: &str) -> Vec<String> {
        let r = self
            .sdk
            .rt
            .block_on(
                self.dp
                    .list_events()
                    .memory_id(self.memory_id())
                    .actor_id(actor)
                    .session_id(session)
                    .include_payloads(true)
                    .send(),
            )
            .unwrap();
        let mut v: Vec<String> = r.events.iter().map(normalise).collect();
        v.sort();
        v
    }
}

/// An event without the ids the service gives it: what must survive archive and restore.
fn normalise(e: &aws_sdk_bedrockagentcore::types::Event) -> String {
    let meta: BTreeMap<String, String> = e
        .metadata
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, format!("{v:?}")))
        .collect();
    // Without the actor id: the caller asked for one actor's events, and a restored user's
    // events come back under its new actor id (a new Cognito sub).
    format!(
        "{}|{}|{:?}|{:?}|{:?}",
        e.session_id,
        e.event_timestamp.to_millis().unwrap(),
        e.payload,
        meta,
        e.branch.as_ref().map(|b| b.name.clone())
    )
}

/// The run's memory archive: (events.jsonl lines, manifest), checked independently of
/// tenantctl: count, file digest, and the SHA-256 of every line against its manifest entry.
fn archived(m: &MemEnv, prefix: &str) -> (Vec<String>, serde_json::Value) {
    let b = m.env.archive_bucket();
    let get = |k: &str| {
        let o = m
            .sdk
            .rt
            .block_on(m.sdk.s3.get_object().bucket(&b).key(k).send())
            .unwrap_or_else(|e| panic!("{k}: {e:?}"));
        m.sdk
            .rt
            .block_on(o.body.collect())
            .unwrap()
            .into_bytes()
            .to_vec()
    };
    let body = get(&format!("{prefix}memory/events.jsonl"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&get(&format!("{prefix}memory/manifest.json"))).unwrap();
    assert_eq!(manifest["file_sha256"], sha(&body));
    let lines: Vec<String> = String::from_utf8(body)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(manifest["count"], lines.len());
    let entries = manifest["events"].as_array().unwrap();
    assert_eq!(entries.len(), lines.len());
    for (l, e) in lines.iter().zip(entries) {
        assert_eq!(e["sha256"], sha(l.as_bytes()), "{e}");
    }
    // Long-term records, when there are any: the file's and each line's SHA-256.
    if let Some(rsha) = manifest["records_sha256"].as_str() {
        let body = get(&format!("{prefix}memory/records.jsonl"));
        assert_eq!(rsha, sha(&body));
        let text = String::from_utf8(body).unwrap();
        let digests = manifest["records"].as_array().unwrap();
        assert_eq!(text.lines().count(), digests.len());
        for (l, d) in text.lines().zip(digests) {
            assert_eq!(d["sha256"], sha(l.as_bytes()), "{d}");
        }
    }
    (lines, manifest)
}

fn run_prefix(m: &MemEnv, tenant: &str) -> String {
    let rec = record(&m.env, &m.sdk, tenant).unwrap();
    let run = rec["offboarding"]["run"]
        .as_str()
        .or_else(|| rec["offboarded_history"][0]["run"].as_str())
        .unwrap()
        .to_string();
    format!("offboarding/{tenant}/{run}/")
}

#[test]
fn init_creates_the_memory_names_its_arn_and_flags_namespaces_outside_the_tenant() {
    let m = mem_env(STRATEGY);
    let (out, err) = m.env.ok(&["init", "--dry-run"]);
    assert!(
        format!("{out}{err}").contains(&format!("agentcore:memory/{}_memory", m.env.ns)),
        "{out}{err}"
    );
    let (_, err) = m.env.ok(&["init"]);
    // `shared` puts records under /summaries/session-1/, which no tenant owns: a finding, not
    // a silent gap. `facts` (/tenants/<tenant>:<sub>/facts/) is granted: no finding.
    assert!(
        err.contains("TD016")
            && err.contains("strategy shared")
            && err.contains("/summaries/session-1/"),
        "{err}"
    );
    assert!(!err.contains("strategy facts"), "{err}");
    let id = m.memory_id();
    let ctl = m.sdk.agentcore_control();
    let mem = m
        .sdk
        .rt
        .block_on(ctl.get_memory().memory_id(&id).send())
        .unwrap()
        .memory
        .unwrap();
    assert_eq!(mem.name, format!("{}_memory", m.env.ns));
    assert_eq!(mem.event_expiry_duration, 30);
    let tags = m
        .sdk
        .rt
        .block_on(ctl.list_tags_for_resource().resource_arn(&mem.arn).send())
        .unwrap()
        .tags
        .unwrap_or_default();
    assert_eq!(
        tags.get("tenantctl:namespace").map(String::as_str),
        Some(m.env.ns.as_str())
    );
    // The TVM policy names this memory, not every memory of the account.
    let roles = m.sdk.roles(&format!("/{}/", m.env.ns));
    let tvm = roles
        .values()
        .find(|r| r.contains("MemoryOwnActorOnly"))
        .unwrap();
    assert!(tvm.contains(&format!("memory/{id}")), "{tvm}");
    assert!(!tvm.contains("memory/*"), "{tvm}");
    // Idempotent: a second run plans nothing; drift repeats the namespace finding (a warning).
    let (out, err) = m.env.ok(&["init", "--dry-run"]);
    assert!(
        format!("{out}{err}").contains("0 change"),
        "second init must plan 0 changes:\n{out}{err}"
    );
    let (code, out, err) = m.env.run(&["validate", "drift"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("TD016"), "{out}");
    // Isolation still proves with the memory's own ARN in the policy.
    m.env
        .ok(&["tenant", "onboard", "clinic-a", "--tier", "basic"]);
    m.env.ok(&["validate", "isolation"]);
}

#[test]
fn init_adopts_an_existing_memory_of_that_name_and_tags_it() {
    let m = mem_env("");
    let ctl = m.sdk.agentcore_control();
    let made = m
        .sdk
        .rt
        .block_on(
            ctl.create_memory()
                .name(format!("{}_memory", m.env.ns))
                .event_expiry_duration(30)
                .send(),
        )
        .unwrap()
        .memory
        .unwrap();
    let (out, err) = m.env.ok(&["init", "--dry-run"]);
    let all = format!("{out}{err}");
    assert!(
        !all.contains("AgentCore Memory (events expire"),
        "adopted, not created: {all}"
    );
    assert!(all.contains("tag tenantctl:namespace"), "{all}");
    m.env.ok(&["init"]);
    assert_eq!(m.memory_id(), made.id);
    let (out, err) = m.env.ok(&["init", "--dry-run"]);
    assert!(format!("{out}{err}").contains("0 change"), "{out}{err}");
}

#[test]
fn offboard_archives_verifies_and_erases_memory_and_restore_brings_every_event_back() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    for (t, users) in [
        (
            "clinic-a",
            &["ann@clinic-a.example", "bob@clinic-a.example"][..],
        ),
        ("clinic-ab", &["cid@clinic-ab.example"][..]),
    ] {
        let mut args = vec!["tenant", "onboard", t, "--tier", "basic"];
        for u in users {
            args.extend(["--user", *u]);
        }
        m.env.ok(&args);
    }
    let ann = m.actor("clinic-a", "ann@clinic-a.example");
    let bob = m.actor("clinic-a", "bob@clinic-a.example");
    // A user removed outside tenantctl: its conversations are still the tenant's.
    let gone = "clinic-a:9d1c0b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d".to_string();
    let sessions = [
        (ann.clone(), "s1", 3),
        (ann.clone(), "s2", 2),
        (bob.clone(), "s1", 2),
        (gone.clone(), "s9", 1),
    ];
    let mut seeded = BTreeMap::new();
    for (a, s, n) in &sessions {
        let mut v = m.seed(a, s, *n);
        v.sort();
        seeded.insert((a.clone(), *s), v);
    }
    let neighbour = m.seed(&m.actor("clinic-ab", "cid@clinic-ab.example"), "s1", 2);
    // Long-term records: one actor-scoped (what `/tenants/{actorId}/facts/` extracts), one in
    // the tenant's shared namespace, and the neighbour's (whose id extends clinic-a's).
    m.seed_record(
        &format!("/tenants/{ann}/facts/"),
        "secret-allergy-penicillin",
    );
    m.seed_record("/tenants/clinic-a/shared/", "secret-clinic-hours");
    m.seed_record("/tenants/clinic-ab/shared/", "secret-neighbour-fact");

    let (out, err) = m.env.ok(&["tenant", "offboard", "clinic-a", "--dry-run"]);
    let plan = format!("{out}{err}");
    assert!(
        plan.contains(
            "archive 8 memory event(s) of 3 actor(s), 4 session(s) and 2 long-term record(s)"
        ) && plan.contains("delete 8 memory event(s) and 2 long-term record(s)"),
        "{plan}"
    );
    let (out, err) = m.env.ok(&["tenant", "offboard", "clinic-a", "--yes"]);
    // Counts and digests only: never a payload.
    assert!(!format!("{out}{err}").contains("secret-"), "{out}{err}");

    let prefix = run_prefix(&m, "clinic-a");
    let (lines, manifest) = archived(&m, &prefix);
    assert_eq!(lines.len(), 8);
    assert_eq!(manifest["tenant"], "clinic-a");
    assert!(lines.iter().all(|l| l.contains("\"actor_id\":\"clinic-a:")));
    let rec = record(&m.env, &m.sdk, "clinic-a").unwrap();
    assert_eq!(rec["offboarding"]["counts"]["memory_events"], 8, "{rec}");
    assert_eq!(rec["offboarding"]["counts"]["memory_records"], 2, "{rec}");
    assert_eq!(
        manifest["records"].as_array().map(Vec::len),
        Some(2),
        "{manifest}"
    );
    // The records are gone from the memory; the neighbour's is not.
    assert!(m.records("/tenants/clinic-a/").is_empty());
    assert!(m.records("/tenants/clinic-a:").is_empty());
    assert_eq!(
        m.records("/tenants/clinic-ab/"),
        ["/tenants/clinic-ab/shared/|secret-neighbour-fact"]
    );
    for (a, s, _) in &sessions {
        assert!(m.events(a, s).is_empty(), "{a}/{s} still has events");
    }
    let mut nb = neighbour.clone();
    nb.sort();
    let cid = m.actor("clinic-ab", "cid@clinic-ab.example");
    assert_eq!(m.events(&cid, "s1"), nb);
    let (code, out, err) = m.env.run(&["validate", "drift"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("TD015"), "{out}");

    // Restore: every archived event is back, read back one by one.
    let run = prefix.split('/').nth(2).unwrap().to_string();
    let (out, err) = m.env.ok(&[
        "tenant",
        "restore",
        "clinic-a",
        "--from-archive",
        &run,
        "--dry-run",
    ]);
    assert!(
        format!("{out}{err}").contains("recreate 10 of 10 archived: 8 memory event(s)"),
        "{out}{err}"
    );
    m.env.ok(&[
        "tenant",
        "restore",
        "clinic-a",
        "--from-archive",
        &run,
        "--yes",
    ]);
    // The restored users are new Cognito users (new subs): their events are under their new
    // actor ids; the old ones hold nothing. The user removed outside tenantctl was not
    // restored: its events keep their archived actor id.
    let restored = [
        (ann.clone(), m.actor("clinic-a", "ann@clinic-a.example")),
        (bob.clone(), m.actor("clinic-a", "bob@clinic-a.example")),
        (gone.clone(), gone.clone()),
    ];
    for (old, new) in &restored {
        assert!(
            old == new || m.events(old, "s1").is_empty(),
            "{old} after restore"
        );
    }
    for (a, s, _) in &sessions {
        let now = &restored.iter().find(|(o, _)| o == a).unwrap().1;
        assert_eq!(
            m.events(now, s),
            seeded[&(a.clone(), *s)],
            "{a}/{s} after restore"
        );
    }
    assert_eq!(m.events(&cid, "s1"), nb);
    let rec = record(&m.env, &m.sdk, "clinic-a").unwrap();
    assert_eq!(rec["restores"][0]["counts"]["memory_events"], 8, "{rec}");
    assert_eq!(rec["restores"][0]["counts"]["memory_records"], 2, "{rec}");
    // The records are back, the actor-scoped one under ann's new actor id.
    let ann_now = &restored[0].1;
    let mut back = m.records("/tenants/clinic-a/");
    back.extend(m.records("/tenants/clinic-a:"));
    assert_eq!(
        back,
        [
            "/tenants/clinic-a/shared/|secret-clinic-hours".to_string(),
            format!("/tenants/{ann_now}/facts/|secret-allergy-penicillin"),
        ]
    );
    // Done: a second run changes nothing.
    m.env.ok(&[
        "tenant",
        "restore",
        "clinic-a",
        "--from-archive",
        &run,
        "--yes",
    ]);
    for (a, s, _) in &sessions {
        let now = &restored.iter().find(|(o, _)| o == a).unwrap().1;
        assert_eq!(
            m.events(now, s),
            seeded[&(a.clone(), *s)],
            "{a}/{s} after a second restore"
        );
    }
}

#[test]
fn offboard_memory_resumes_after_a_crash_at_every_step() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    let steps = [
        "started",
        "access-revoked",
        "archived",
        "memory-archived",
        "users-deleted",
        "data-deleted",
        "first-memory-delete",
        "memory-deleted",
        "parameters-deleted",
    ];
    for step in steps {
        let t = format!("crash-{step}");
        let user = format!("u@{t}.example");
        m.env
            .ok(&["tenant", "onboard", &t, "--tier", "basic", "--user", &user]);
        let actor = m.actor(&t, &user);
        let mut seeded = m.seed(&actor, "s1", 3);
        seeded.extend(m.seed(&actor, "s2", 1));
        let (code, err) = run_until(
            &m.env,
            &["tenant", "offboard", &t, "--yes"],
            &format!("offboard:{step}"),
        );
        assert_eq!(code, 137, "{step}: {err}");
        let run = record(&m.env, &m.sdk, &t).unwrap()["offboarding"]["run"].clone();
        let (_, err) = m.env.ok(&["tenant", "offboard", &t, "--yes"]);
        assert!(err.contains("resuming run"), "{step}: {err}");
        let rec = record(&m.env, &m.sdk, &t).unwrap();
        assert_eq!(rec["status"], "offboarded", "{step}: {rec}");
        assert_eq!(rec["offboarding"]["run"], run, "{step}: the run id changed");
        // Nothing lost: all four events archived and verified, none left in the memory.
        let (lines, _) = archived(&m, &run_prefix(&m, &t));
        assert_eq!(lines.len(), 4, "{step}: {lines:?}");
        assert!(m.events(&actor, "s1").is_empty() && m.events(&actor, "s2").is_empty());
        // And they come back, each exactly once.
        let r = run.as_str().unwrap();
        if step == "first-memory-delete" {
            m.env
                .ok(&["tenant", "restore", &t, "--from-archive", r, "--yes"]);
            let actor = m.actor(&t, &user);
            let mut back = m.events(&actor, "s1");
            back.extend(m.events(&actor, "s2"));
            back.sort();
            seeded.sort();
            assert_eq!(back, seeded, "{step}: read back after restore");
        }
    }
}

#[test]
fn restore_memory_resumes_after_a_crash_without_duplicates() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    for step in ["first-memory-create", "memory-restored"] {
        let t = format!("rc-{step}");
        let user = format!("u@{t}.example");
        m.env
            .ok(&["tenant", "onboard", &t, "--tier", "basic", "--user", &user]);
        let actor = m.actor(&t, &user);
        let mut seeded = m.seed(&actor, "s1", 4);
        seeded.sort();
        m.env.ok(&["tenant", "offboard", &t, "--yes"]);
        let run = run_prefix(&m, &t).split('/').nth(2).unwrap().to_string();
        let (code, err) = run_until(
            &m.env,
            &["tenant", "restore", &t, "--from-archive", &run, "--yes"],
            &format!("restore:{step}"),
        );
        assert_eq!(code, 137, "{step}: {err}");
        m.env
            .ok(&["tenant", "restore", &t, "--from-archive", &run, "--yes"]);
        // Under the restored user's actor id (a new sub), each event exactly once.
        assert_eq!(
            m.events(&m.actor(&t, &user), "s1"),
            seeded,
            "{step}: read back"
        );
    }
}

#[test]
fn user_remove_archives_then_erases_one_users_memory_only() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    m.env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "ann@clinic-a.example",
        "--user",
        "bob@clinic-a.example",
    ]);
    let ann = &m.actor("clinic-a", "ann@clinic-a.example");
    let bob = &m.actor("clinic-a", "bob@clinic-a.example");
    m.seed(ann, "s1", 3);
    let mut kept = m.seed(bob, "s1", 2);
    m.seed_record(&format!("/tenants/{ann}/facts/"), "secret-ann-fact");
    m.seed_record(&format!("/tenants/{bob}/facts/"), "secret-bob-fact");
    kept.sort();
    // An access request: the user's events, in the archive's format, to a local file.
    let file = m.env.dir.path().join("ann.jsonl");
    let f = file.to_str().unwrap();
    let (out, err) = m.env.ok(&[
        "user",
        "export-memory",
        "clinic-a",
        "ann@clinic-a.example",
        "--out",
        f,
    ]);
    assert!(!format!("{out}{err}").contains("secret-"), "{out}{err}");
    assert!(err.contains("3 event(s)"), "{err}");
    let exported = std::fs::read_to_string(&file).unwrap();
    assert_eq!(exported.lines().count(), 3);
    assert!(exported
        .lines()
        .all(|l| l.contains(ann) && l.contains("secret-")));
    assert!(err.contains(&sha(exported.as_bytes())), "{err}");
    // Its long-term records beside it; not bob's.
    let recs = std::fs::read_to_string(m.env.dir.path().join("ann.records.jsonl")).unwrap();
    assert_eq!(recs.lines().count(), 1, "{recs}");
    assert!(recs.contains("secret-ann-fact") && err.contains(&sha(recs.as_bytes())));
    let (code, _, err) = m.env.run(&[
        "user",
        "export-memory",
        "clinic-a",
        "ann@clinic-a.example",
        "--out",
        f,
    ]);
    assert_eq!(code, 2, "never overwrites: {err}");
    let (out, err) = m.env.ok(&[
        "user",
        "remove",
        "clinic-a",
        "ann@clinic-a.example",
        "--dry-run",
    ]);
    assert!(
        format!("{out}{err}").contains(
            "archive 3 memory event(s) of 1 actor(s), 1 session(s) and 1 long-term record(s)"
        ),
        "{out}{err}"
    );
    let (out, err) = m.env.ok(&[
        "user",
        "remove",
        "clinic-a",
        "ann@clinic-a.example",
        "--yes",
    ]);
    assert!(!format!("{out}{err}").contains("secret-"), "{out}{err}");
    assert!(m.events(ann, "s1").is_empty());
    assert_eq!(m.events(bob, "s1"), kept);
    assert!(m.records(&format!("/tenants/{ann}/")).is_empty());
    assert_eq!(m.records(&format!("/tenants/{bob}/")).len(), 1);
    let keys = m.sdk.objects(&m.env.archive_bucket(), "erasure/clinic-a/");
    let prefix = keys
        .keys()
        .find_map(|k| k.strip_suffix("memory/manifest.json"))
        .expect("an erasure archive")
        .to_string();
    let (lines, manifest) = archived(&m, &prefix);
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.contains(ann)));
    assert_eq!(
        manifest["records"].as_array().map(Vec::len),
        Some(1),
        "{manifest}"
    );
    // The standing question "what do you hold about me?" is answered from that archive;
    // a second remove has nothing left to erase.
    let (code, _, err) = m.env.run(&[
        "user",
        "remove",
        "clinic-a",
        "ann@clinic-a.example",
        "--yes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        m.sdk
            .objects(&m.env.archive_bucket(), "erasure/clinic-a/")
            .len()
            == 3,
        "one erasure run: events, records and manifest"
    );
}

#[test]
fn drift_reports_memory_actors_of_no_live_tenant_or_user() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    m.env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "ann@clinic-a.example",
    ]);
    let ann = m.actor("clinic-a", "ann@clinic-a.example");
    m.seed(&ann, "s1", 1);
    let (code, out, err) = m.env.run(&["validate", "drift", "-o", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("TD015"), "{out}");
    let strangers = [
        "ghost-clinic:1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        "clinic-a:2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e",
        "no-separator",
    ];
    for a in strangers {
        m.seed(a, "s1", 1);
    }
    // Long-term records too: of a tenant that does not exist, of a user of no tenant; the
    // tenant's own shared record is not drift.
    m.seed_record("/tenants/ghost-clinic/facts/", "secret-ghost");
    m.seed_record(
        "/tenants/clinic-a:3d4e5f60-7182-4c9d-8e0f-1a2b3c4d5e6f/facts/",
        "secret-gone-user",
    );
    m.seed_record("/tenants/clinic-a/shared/", "secret-shared");
    let (code, out, err) = m.env.run(&["validate", "drift", "-o", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    for actor in strangers {
        assert!(
            out.contains(&format!("actor/{actor}")),
            "{actor} not reported:\n{out}"
        );
    }
    assert!(!out.contains(&format!("actor/{ann}")), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let record_findings: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["subject"].as_str().unwrap_or("").contains("/record/"))
        .map(|x| x["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(record_findings.len(), 2, "{record_findings:?}");
    assert!(record_findings
        .iter()
        .any(|m| m.contains("/tenants/ghost-clinic/facts/")));
    assert!(record_findings.iter().any(|m| m.contains("3d4e5f60")));
    assert!(!out.contains("secret-"), "no payload in a finding: {out}");
    // The stand-in answered the enumeration (moto has no ListActors).
    assert!(m.standin.calls().iter().any(|c| c.ends_with("/actors")));
}

#[test]
fn restore_refuses_a_memory_archive_that_does_not_match_its_digests() {
    let m = mem_env("");
    m.env.ok(&["init"]);
    m.env.ok(&[
        "tenant",
        "onboard",
        "clinic-t",
        "--tier",
        "basic",
        "--user",
        "ann@clinic-t.example",
    ]);
    let actor = &m.actor("clinic-t", "ann@clinic-t.example");
    m.seed(actor, "s1", 2);
    m.env.ok(&["tenant", "offboard", "clinic-t", "--yes"]);
    let prefix = run_prefix(&m, "clinic-t");
    let run = prefix.split('/').nth(2).unwrap().to_string();
    let (lines, _) = archived(&m, &prefix);
    // Edit one archived turn (same length, so only the digests can tell).
    let tampered = lines.join("\n").replacen("secret-", "secreT-", 1) + "\n";
    m.sdk
        .rt
        .block_on(
            m.sdk
                .s3
                .put_object()
                .bucket(m.env.archive_bucket())
                .key(format!("{prefix}memory/events.jsonl"))
                .body(tampered.into_bytes().into())
                .send(),
        )
        .unwrap();
    let (code, out, err) = m.env.run(&[
        "tenant",
        "restore",
        "clinic-t",
        "--from-archive",
        &run,
        "--yes",
    ]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(err.contains("damaged") && err.contains("SHA-256"), "{err}");
    assert_eq!(
        record(&m.env, &m.sdk, "clinic-t").unwrap()["status"],
        "offboarded"
    );
    assert!(m.events(actor, "s1").is_empty(), "nothing was recreated");
}
