//! Hostile and broken input, table-driven: every case must exit 2 with a one-line message
//! carrying its key words, and leave the account exactly as it was (parameters, data objects,
//! users: `snapshot`). Ids, emails, CSV/JSON files, the config file and environment values.

use crate::common::{audit_records, snapshot, Sdk, TestEnv};

struct Case {
    name: &'static str,
    args: Vec<String>,
    /// Files written into the test directory first (`{dir}` in args is that directory).
    files: Vec<(&'static str, Vec<u8>)>,
    env: Vec<(&'static str, String)>,
    words: Vec<&'static str>,
}

fn case(name: &'static str, args: &[&str], words: &[&'static str]) -> Case {
    Case {
        name,
        args: args.iter().map(|s| s.to_string()).collect(),
        files: vec![],
        env: vec![],
        words: words.to_vec(),
    }
}

impl Case {
    fn file(mut self, name: &'static str, body: impl AsRef<[u8]>) -> Case {
        self.files.push((name, body.as_ref().to_vec()));
        self
    }
    fn env(mut self, k: &'static str, v: impl Into<String>) -> Case {
        self.env.push((k, v.into()));
        self
    }
}

fn onboard(tenant: &str) -> Vec<String> {
    // `--` so an id starting with '-' reaches the validator instead of clap.
    vec![
        "tenant".into(),
        "onboard".into(),
        "--tier".into(),
        "basic".into(),
        "--".into(),
        tenant.into(),
    ]
}

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    // ---- tenant ids: nothing that could widen a pattern, escape a path or look like another id ----
    for (name, id, word) in [
        ("uppercase", "Clinic-A", "lowercase letters"),
        ("slash", "clinic/a", "'/'"),
        ("star", "clinic*", "'*'"),
        ("question mark", "clin?c", "'?'"),
        ("dollar", "clinic$x", "'$'"),
        ("brace", "clinic{x}", "'{'"),
        ("policy variable", "${aws:username}", "'$'"),
        ("space", "clinic a", "' '"),
        ("tab", "clinic\ta", "'\\t'"),
        ("newline", "clinic\na", "'\\n'"),
        ("cyrillic look-alike", "clіnic-a", "'і'"),
        ("fullwidth look-alike", "ｃｌｉｎｉｃ", "'ｃ'"),
        ("zero-width space", "clinic\u{200b}a", "'\\u{200b}'"),
        ("right-to-left override", "clinic\u{202e}a", "'\\u{202e}'"),
        ("BOM", "\u{feff}clinic-a", "'\\u{feff}'"),
        ("dot-dot path", "../etc", "'.'"),
        ("percent-encoded", "%2e%2e-clinic", "'%'"),
        ("underscore", "clinic_a", "'_'"),
        ("colon", "clinic:a", "':'"),
        ("too short", "ab", "3-48 characters"),
        ("too long", &"a".repeat(49), "3-48 characters"),
        ("leading hyphen", "-clinic", "start or end with a hyphen"),
        ("trailing hyphen", "clinic-", "start or end with a hyphen"),
        ("double hyphen", "cli--nic", "two hyphens"),
        ("empty", "", "3-48 characters"),
    ] {
        let mut c = case(name, &[], &["invalid tenant id", word]);
        c.args = onboard(id);
        v.push(c);
    }
    // ---- tiers ----
    v.push(case(
        "unknown tier",
        &["tenant", "onboard", "clinic-b", "--tier", "gold"],
        &["unknown tier", "gold", "basic"],
    ));
    v.push(case(
        "tier with a path",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic/../premium",
        ],
        &["invalid tier name", "'/'"],
    ));
    v.push(case(
        "set-tier to an unknown tier",
        &["tenant", "set-tier", "clinic-a", "platinum"],
        &["unknown tier", "platinum"],
    ));
    // ---- emails ----
    for (name, email, word) in [
        ("email without @", "not-an-email", "no '@'"),
        ("email with space", "a b@x.example", "part before '@'"),
        ("email with star", "a*@x.example", "part before '@'"),
        (
            "email with policy variable",
            "${aws:username}@x.example",
            "part before '@'",
        ),
        ("email without dot in domain", "a@x", "domain"),
        ("email fullwidth", "ａ@x.example", "part before '@'"),
        ("email formula", "+cmd@x.example", "formula"),
        ("email formula minus", "-2+3@x.example", "formula"),
        (
            "email too long",
            &format!("{}@x.example", "a".repeat(130)),
            "longer than 128",
        ),
    ] {
        let mut c = case(name, &[], &["invalid email", word]);
        c.args = ["tenant", "onboard", "clinic-b", "--tier", "basic"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        c.args.push(format!("--user={email}"));
        v.push(c);
    }
    v.push(case(
        "same user twice",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic",
            "--user",
            "x@b.example",
            "--user",
            "X@b.example",
        ],
        &["listed twice"],
    ));
    v.push(case(
        "user of another tenant",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic",
            "--user",
            "a@clinic-a.example",
        ],
        &["already belongs to tenant clinic-a"],
    ));
    v.push(case(
        "user add bad email",
        &["user", "add", "clinic-a", "a@@x.example"],
        &["invalid email"],
    ));
    v.push(case(
        "project id with space",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic",
            "--project-id",
            "a b",
        ],
        &["invalid project id"],
    ));
    v.push(case(
        "project id with star",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic",
            "--project-id",
            "proj*",
        ],
        &["invalid project id"],
    ));
    // ---- users CSV ----
    let users = |name: &'static str, body: &[u8], words: &[&'static str]| {
        case(
            name,
            &[
                "tenant",
                "onboard",
                "clinic-b",
                "--tier",
                "basic",
                "--users",
                "{dir}/users.csv",
            ],
            words,
        )
        .file("users.csv", body)
    };
    v.push(users(
        "users csv formula injection",
        b"email\n=HYPERLINK(\"http://x\")@x.example\n",
        &["invalid email"],
    ));
    v.push(users(
        "users csv with NUL",
        b"email\nb@x.example\0\n",
        &["users file", "NUL byte"],
    ));
    v.push(users(
        "users csv not UTF-8",
        b"email\n\xff\xfeb@x.example\n",
        &["users file", "not valid UTF-8"],
    ));
    v.push(users(
        "users csv BOM then a bad email",
        b"\xEF\xBB\xBFemail\nnot-an-email\n",
        &["invalid email \"not-an-email\""],
    ));
    v.push(users(
        "users csv empty cell",
        b"email,name\n,bob\n",
        &["no email in column 1"],
    ));
    v.push(users(
        "users csv oversized",
        &vec![b'a'; 16 * 1024 * 1024 + 10],
        &["larger than 16 MiB"],
    ));
    v.push(case(
        "users csv missing",
        &[
            "tenant",
            "onboard",
            "clinic-b",
            "--tier",
            "basic",
            "--users",
            "{dir}/nope.csv",
        ],
        &["cannot read users file"],
    ));
    // ---- bulk files ----
    let bulk = |name: &'static str, file: &'static str, body: &[u8], words: &[&'static str]| {
        case(
            name,
            &["tenant", "onboard", "--from", &format!("{{dir}}/{file}")],
            words,
        )
        .file(file, body)
    };
    v.push(bulk(
        "bulk json not an array",
        "b.json",
        b"{\"tenant\": \"x\"}",
        &["b.json", "expected a sequence"],
    ));
    v.push(bulk(
        "bulk json unknown field",
        "b.json",
        b"[{\"tenant\": \"clinic-b\", \"tier\": \"basic\", \"role\": \"admin\"}]",
        &["unknown field `role`"],
    ));
    v.push(bulk(
        "bulk json NUL in id",
        "b.json",
        b"[{\"tenant\": \"clinic\\u0000b\", \"tier\": \"basic\"}]",
        &["invalid tenant id", "'\\0'"],
    ));
    v.push(bulk(
        "bulk json raw NUL byte",
        "b.json",
        b"[{\"tenant\": \"clinic-b\0\", \"tier\": \"basic\"}]",
        &["bulk file", "NUL byte"],
    ));
    // Deeply nested input is refused by type at its first level: no recursion, no stack overflow.
    v.push(bulk(
        "bulk json deep nesting",
        "b.json",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
        &["b.json", "invalid type"],
    ));
    v.push(bulk(
        "bulk json empty array",
        "b.json",
        b"[]",
        &["no tenants in file"],
    ));
    v.push(bulk(
        "bulk csv unknown column",
        "b.csv",
        b"tenant,tier,owner\nclinic-b,basic,x\n",
        &["unknown column \"owner\""],
    ));
    v.push(bulk(
        "bulk csv duplicate tenant",
        "b.csv",
        b"tenant,tier,users\nclinic-b,basic,\nclinic-b,basic,\n",
        &["line 3", "appears twice"],
    ));
    v.push(bulk(
        "bulk csv user in two tenants",
        "b.csv",
        b"tenant,tier,users\nclinic-b,basic,x@y.example\nclinic-c,basic,x@y.example\n",
        &["listed for both"],
    ));
    v.push(bulk(
        "bulk csv formula tenant",
        "b.csv",
        b"tenant,tier,users\n=cmd|' /C calc'!A0,basic,\n",
        &["line 2", "invalid tenant id"],
    ));
    v.push(bulk(
        "bulk csv look-alike tenant",
        "b.csv",
        "tenant,tier,users\nclinic-а,basic,\n".as_bytes(),
        &["line 2", "invalid tenant id", "'а'"],
    ));
    v.push(bulk(
        "bulk csv bad tier on line 3",
        "b.csv",
        b"tenant,tier,users\nclinic-b,basic,\nclinic-c,Gold,\n",
        &["line 3", "invalid tier name"],
    ));
    v.push(case(
        "bulk file is a directory",
        &["tenant", "onboard", "--from", "{dir}"],
        &["cannot read bulk file"],
    ));
    // ---- config file ----
    let cfg = |name: &'static str, body: Vec<u8>, words: &[&'static str]| {
        case(
            name,
            &["--config", "{dir}/bad.toml", "tenant", "list"],
            words,
        )
        .file("bad.toml", body)
    };
    v.push(cfg(
        "config unknown key",
        b"colour = \"red\"\n".to_vec(),
        &["bad.toml", "colour"],
    ));
    v.push(cfg(
        "config NUL byte",
        b"namespace = \"med\0plat\"\n".to_vec(),
        &["config file", "NUL byte"],
    ));
    v.push(cfg(
        "config not UTF-8",
        b"namespace = \"\xff\"\n".to_vec(),
        &["config file", "not valid UTF-8"],
    ));
    v.push(case(
        "config missing",
        &["--config", "{dir}/none.toml", "tenant", "list"],
        &["cannot read config file"],
    ));
    v.push(
        case(
            "TENANTCTL_CONFIG is a directory",
            &["tenant", "list"],
            &["cannot read config file"],
        )
        .env("TENANTCTL_CONFIG", "{dir}"),
    );
    // ---- environment and global flags ----
    v.push(
        case(
            "endpoint not a URL",
            &["tenant", "list"],
            &["invalid --endpoint-url", "http://"],
        )
        .env("AWS_ENDPOINT_URL", "ftp://127.0.0.1:1"),
    );
    v.push(
        case(
            "endpoint with whitespace",
            &["tenant", "list"],
            &["invalid --endpoint-url"],
        )
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1 :1"),
    );
    v.push(
        case(
            "max attempts not a number",
            &["tenant", "list"],
            &["max-attempts"],
        )
        .env("TENANTCTL_MAX_ATTEMPTS", "lots"),
    );
    v.push(case(
        "max attempts zero",
        &["--max-attempts", "0", "tenant", "list"],
        &["max-attempts"],
    ));
    v.push(
        case(
            "retry mode unknown",
            &["tenant", "list"],
            &["retry-mode", "turbo"],
        )
        .env("TENANTCTL_RETRY_MODE", "turbo"),
    );
    v.push(case(
        "region wildcard",
        &["--region", "*", "tenant", "list"],
        &["--region", "not an AWS region name"],
    ));
    v.push(case(
        "region with a path",
        &[
            "--region",
            "us-east-1/../x",
            "policy",
            "render",
            "tvm-access",
        ],
        &["--region", "not an AWS region name"],
    ));
    v.push(cfg(
        "config bad deployment names the key",
        b"namespace = \"medplat\"\nregion = \"us-east-1\"\n[cognito]\nuser_pool_name = \"p\"\n[buckets]\ndata = \"medplat-d\"\narchive = \"medplat-a\"\n[tvm]\ntrusted_principals = [\"arn:aws:iam::123456789012:role/r\"]\n[tiers.basic]\nmodel_id = \"m\"\ndeployment = \"shared\"\nfeatures = []\nmonthly_budget = \"1\"\nproject_id = \"p\"\n".to_vec(),
        &["bad.toml", "tiers.basic.deployment", "shared"],
    ));
    v.push(
        case(
            "TENANTCTL_TODAY not a date",
            &["cost", "budget"],
            &["TENANTCTL_TODAY", "not a date"],
        )
        .env("TENANTCTL_TODAY", "yesterday"),
    );
    v.push(case(
        "lease wait out of range",
        &[
            "tenant",
            "suspend",
            "clinic-a",
            "--reason",
            "x",
            "--lease-wait",
            "99999",
        ],
        &["lease-wait"],
    ));
    v.push(case(
        "lease wait out of range before the command (old position)",
        &["--lease-wait", "99999", "tenant", "list"],
        &["lease-wait"],
    ));
    v.push(case(
        "lease options only on mutating commands",
        &["tenant", "list", "--break-lease"],
        &["--break-lease"],
    ));
    // ---- other commands ----
    v.push(case(
        "suspend without a reason",
        &["tenant", "suspend", "clinic-a", "--reason", " ", "--yes"],
        &["--reason must not be empty"],
    ));
    v.push(case(
        "suspend reason with a newline",
        &["tenant", "suspend", "clinic-a", "--reason", "a\nb", "--yes"],
        &["one line"],
    ));
    v.push(case(
        "suspend without --yes",
        &["tenant", "suspend", "clinic-a", "--reason", "unpaid"],
        &["not a terminal", "nothing was changed"],
    ));
    v.push(case(
        "offboard unknown tenant",
        &["tenant", "offboard", "nobody-here", "--yes"],
        &["unknown tenant nobody-here"],
    ));
    v.push(case(
        "purge without --yes",
        &["tenant", "offboard", "clinic-a", "--purge"],
        &["--purge", "--yes"],
    ));
    v.push(case(
        "cost report from year 0000",
        &[
            "cost",
            "report",
            "--from",
            "0000-01-01",
            "--to",
            "2026-11-01",
        ],
        &["0000-01-01", "38 months"],
    ));
    v.push(case(
        "cost report month of year 0000",
        &["cost", "report", "--month", "0000-01"],
        &["0000-01-01", "38 months"],
    ));
    v.push(case(
        "user remove bad id",
        &["user", "remove", "clinic/a", "a@clinic-a.example", "--yes"],
        &["invalid tenant id"],
    ));
    v
}

#[test]
fn hostile_and_broken_input_exits_2_names_the_problem_and_changes_nothing() {
    let env = TestEnv::new();
    let sdk = Sdk::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "basic",
        "--user",
        "a@clinic-a.example",
    ]);
    let before = snapshot(&env, &sdk);
    let audits = audit_records(&env, &sdk);
    let dir = env.dir.path().display().to_string();
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        for (name, body) in &c.files {
            std::fs::write(env.dir.path().join(name), body).unwrap();
        }
        let args: Vec<String> = c.args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        let mut cmd = env.cmd();
        for (k, v) in &c.env {
            cmd.env(k, v.replace("{dir}", &dir));
        }
        let out = cmd.args(&args).output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let first = err
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("")
            .to_string();
        let missing: Vec<_> = c.words.iter().filter(|w| !first.contains(*w)).collect();
        if code != 2 || !missing.is_empty() {
            failures.push(format!(
                "{}: exit {code}, missing {missing:?} in the error line {first:?}\n{err}",
                c.name
            ));
        }
        assert_eq!(
            before,
            snapshot(&env, &sdk),
            "{}: the account changed",
            c.name
        );
        // Refused before anything ran: not even an audit record.
        assert_eq!(
            audits,
            audit_records(&env, &sdk),
            "{}: an audit record was written",
            c.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A named pipe given as a file (`--from`, `--config`) must not block the command (opening a
/// FIFO waits for a writer): exit 2 at once, naming the file. A hang is caught by a generous
/// bound (60 s, for a loaded machine; the refusal itself makes no AWS call) after which the
/// child is killed and the test fails.
#[test]
fn a_fifo_given_as_a_file_exits_2_instead_of_blocking() {
    let env = TestEnv::new();
    let fifo = env.dir.path().join("tenants.pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let fifo = fifo.display().to_string();
    for args in [
        vec!["tenant", "onboard", "--from", fifo.as_str()],
        vec!["--config", fifo.as_str(), "tenant", "list"],
    ] {
        let mut child = env
            .cmd()
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let t0 = std::time::Instant::now();
        let status = loop {
            if let Some(st) = child.try_wait().unwrap() {
                break Some(st);
            }
            if t0.elapsed() > std::time::Duration::from_secs(60) {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        let status = status.unwrap_or_else(|| panic!("{args:?} blocked on the FIFO"));
        assert_eq!(status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("named pipe (FIFO)") && err.contains(&fifo),
            "{args:?}: {err}"
        );
    }
}
