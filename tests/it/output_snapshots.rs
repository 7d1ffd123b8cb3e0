//! The machine output scripts depend on (docs/output-formats.md), snapshotted against the
//! emulator: `tenant list` and `tenant show` as table, JSON and CSV, `user list` as table, JSON
//! and CSV, and
//! the plan of `tenant onboard --dry-run -o json`. The namespace (one per test run) and times
//! are redacted, so a snapshot changes only when the output's shape or values do.

use crate::common::{snapshot_settings, TestEnv};

/// `[ns]` for this test's namespace, `[time]` for every RFC 3339 timestamp.
fn redact(env: &TestEnv, text: &str) -> String {
    redact_times(&text.replace(&env.ns, "[ns]"))
}

fn redact_times(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if looks_like_time(&b[i..]) {
            let mut j = i + 19;
            while j < b.len() && (b[j].is_ascii_digit() || b"+-:.Z".contains(&b[j])) {
                j += 1;
            }
            out.push_str("[time]");
            i = j;
        } else {
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Runs of spaces become one space and runs of `-` (table rules) three dashes.
fn squeeze_padding(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    let mut dashes = 0;
    for c in s.chars() {
        if c == '-' {
            dashes += 1;
            if dashes <= 3 {
                out.push(c);
            }
        } else {
            dashes = 0;
            if !(c == ' ' && prev == ' ') {
                out.push(c);
            }
        }
        prev = c;
    }
    out
}

/// `dddd-dd-ddTdd:dd:dd` at the start of `b`.
fn looks_like_time(b: &[u8]) -> bool {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd";
    b.len() >= SHAPE.len()
        && SHAPE.iter().zip(b).all(|(s, c)| match s {
            b'd' => c.is_ascii_digit(),
            s => s == c,
        })
}

#[test]
fn snapshot_of_machine_output() {
    let env = TestEnv::new();
    env.init();
    env.ok(&[
        "tenant",
        "onboard",
        "clinic-a",
        "--tier",
        "premium",
        "--user",
        "a@clinic-a.example",
    ]);
    env.ok(&["tenant", "onboard", "clinic-b", "--tier", "basic"]);
    let cases: [(&str, &[&str]); 10] = [
        // The human tables too (stdout is not a terminal here: plain borders, no colour).
        ("output__tenant_list_table", &["tenant", "list"]),
        ("output__tenant_show_table", &["tenant", "show", "clinic-a"]),
        ("output__user_list_table", &["user", "list", "clinic-a"]),
        (
            "output__tenant_list_json",
            &["tenant", "list", "-o", "json"],
        ),
        ("output__tenant_list_csv", &["tenant", "list", "-o", "csv"]),
        (
            "output__tenant_show_json",
            &["tenant", "show", "clinic-a", "-o", "json"],
        ),
        (
            "output__tenant_show_csv",
            &["tenant", "show", "clinic-a", "-o", "csv"],
        ),
        (
            "output__user_list_json",
            &["user", "list", "clinic-a", "-o", "json"],
        ),
        (
            "output__user_list_csv",
            &["user", "list", "clinic-a", "-o", "csv"],
        ),
        (
            "output__tenant_onboard_dry_run_json",
            &[
                "tenant",
                "onboard",
                "clinic-c",
                "--tier",
                "enterprise",
                "--user",
                "c@clinic-c.example",
                "--dry-run",
                "-o",
                "json",
            ],
        ),
    ];
    for (name, args) in cases {
        let (out, _) = env.ok(args);
        let command_line = format!("tenantctl {}", args.join(" "));
        let mut text = redact(&env, &out);
        if name.ends_with("_table") {
            // Column widths follow the namespace's length (it varies with the process id):
            // compare the cells, not the padding.
            text = squeeze_padding(&text);
        }
        snapshot_settings().bind(|| {
            insta::assert_snapshot!(name, text, &command_line);
        });
    }
}
