//! `tenantctl cost report` against the emulator, with Cost Explorer answers seeded through
//! moto's `/moto-api/static/ce/cost-and-usage-results` in the order the command asks:
//! the grouped query (every page), then the ungrouped total it reconciles against.

use std::net::TcpListener;

use crate::common::fault_proxy::{FaultConfig, FaultProxy};
use crate::common::{endpoint, TestEnv};
use crate::cost_support::{dec, grouped, json_of, totals, Account};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const OCT: (&str, &str) = ("2026-10-01", "2026-11-01");

#[test]
fn pages_untagged_unknown_and_zero_cost_tenants() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(
        &env,
        &[
            ("clinic-a", "basic"),
            ("clinic-b", "basic"),
            ("clinic-e", "premium"),
        ],
    );
    acct.seed(vec![
        // Page 1 ends mid-period; page 2 continues October's groups.
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![(vec!["ClinicId$clinic-a"], "120.0049")],
            )],
            Some("page-2"),
        ),
        grouped(
            &[(
                OCT.0,
                OCT.1,
                true,
                vec![
                    (vec!["ClinicId$clinic-e"], "900.10"),
                    (vec!["ClinicId$ghost-clinic"], "12.34"),
                    (vec!["ClinicId$"], "40.0051"),
                ],
            )],
            None,
        ),
        totals(&[(OCT.0, OCT.1, "1072.45")]),
    ]);
    let (out, err) = acct.ok(
        &env,
        &["cost", "report", "--month", "2026-10", "-o", "json"],
    );
    let v = json_of(&out);
    let rows = v["rows"].as_array().unwrap();
    let row = |t: &str| {
        rows.iter()
            .find(|r| r["tenant"] == t)
            .unwrap_or_else(|| panic!("no row {t}: {out}"))
    };
    assert_eq!(dec(&row("clinic-a")["direct"]), d("120.00"), "page 1 kept");
    assert_eq!(dec(&row("clinic-e")["direct"]), d("900.10"), "page 2 kept");
    assert_eq!(
        dec(&row("clinic-b")["total"]),
        d("0.00"),
        "zero-cost tenant listed with 0"
    );
    assert_eq!(row("clinic-b")["tier"], "basic");
    assert_eq!(row("ghost-clinic")["tier"], "(unknown tenant)");
    assert_eq!(row("ghost-clinic")["kind"], "unknown_tenant");
    assert_eq!(
        dec(&row("(untagged)")["direct"]),
        d("40.01"),
        "untagged remainder kept"
    );
    assert_eq!(row("clinic-a")["estimated"], true);
    assert_eq!(rows.len(), 5);
    assert_eq!(dec(&v["totals"]["total"]), d("1072.45"));
    assert_eq!(dec(&v["totals"]["unknown"]), d("12.34"));
    assert_eq!(v["reconciliation"]["reconciled"], true, "{out}");
    assert!(
        err.contains("ghost-clinic"),
        "unknown tenant warned about: {err}"
    );
    assert!(
        err.contains("reconciliation: report total 1072.45 USD = Cost Explorer total 1072.45 USD"),
        "{err}"
    );
    assert!(
        err.contains("ClinicId"),
        "tag activation could not be checked and says so: {err}"
    );
    // Storage usage column from the tenants' prefixes (onboarding writes a marker object).
    let usage = v["usage"].as_array().unwrap();
    assert_eq!(usage.len(), 3);
    assert!(
        usage.iter().all(|u| u["objects"].as_u64() == Some(1)),
        "{usage:?}"
    );
}

#[test]
fn every_allocation_mode_reconciles_to_the_cent() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(
        &env,
        &[
            ("clinic-a", "basic"),
            ("clinic-b", "basic"),
            ("clinic-e", "premium"),
        ],
    );
    // One seeding serves all three runs: the query is the same, and moto answers a request
    // it has seen before with the same result.
    acct.seed(vec![
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![
                    (vec!["ClinicId$clinic-a"], "200.004"),
                    (vec!["ClinicId$clinic-e"], "100.003"),
                    (vec!["ClinicId$"], "100.01"),
                ],
            )],
            None,
        ),
        totals(&[(OCT.0, OCT.1, "400.017")]),
    ]);
    let mut expected = std::collections::BTreeMap::new();
    expected.insert(
        "none",
        [
            ("clinic-a", "0.00"),
            ("clinic-b", "0.00"),
            ("clinic-e", "0.00"),
        ],
    );
    // 100.01 by 200.004 : 0 : 100.003 → 66.6734 / 0 / 33.3366 → largest remainder.
    expected.insert(
        "proportional",
        [
            ("clinic-a", "66.67"),
            ("clinic-b", "0.00"),
            ("clinic-e", "33.34"),
        ],
    );
    // 100.01 / 3 = 33.3366…: two extra cents, to the lowest tenant ids.
    expected.insert(
        "even",
        [
            ("clinic-a", "33.34"),
            ("clinic-b", "33.34"),
            ("clinic-e", "33.33"),
        ],
    );
    for (mode, alloc) in &expected {
        let (out, err) = acct.ok(
            &env,
            &[
                "cost",
                "report",
                "--month",
                "2026-10",
                "--allocate-shared",
                mode,
                "-o",
                "json",
                "--no-storage",
            ],
        );
        let v = json_of(&out);
        let rows = v["rows"].as_array().unwrap();
        for (tenant, a) in alloc {
            let r = rows.iter().find(|r| r["tenant"] == *tenant).unwrap();
            assert_eq!(dec(&r["allocated"]), d(a), "{mode} {tenant}: {out}");
            assert_eq!(dec(&r["total"]), dec(&r["direct"]) + dec(&r["allocated"]));
        }
        let sum = |f: &str| rows.iter().map(|r| dec(&r[f])).sum::<Decimal>();
        assert_eq!(
            sum("total"),
            d("400.02"),
            "{mode}: rows add up to the rounded Cost Explorer total"
        );
        assert_eq!(sum("direct"), d("400.02"), "{mode}");
        assert_eq!(
            sum("allocated"),
            d("0.00"),
            "{mode}: allocations net out against the untagged row"
        );
        let untagged = rows.iter().find(|r| r["tenant"] == "(untagged)").unwrap();
        let left = if *mode == "none" {
            d("100.01")
        } else {
            d("0.00")
        };
        assert_eq!(dec(&untagged["total"]), left, "{mode}");
        assert_eq!(v["reconciliation"]["reconciled"], true, "{mode}");
        assert_eq!(
            dec(&v["reconciliation"]["cost_explorer_total"]),
            d("400.02")
        );
        assert!(err.contains("difference 0.00"), "{err}");
    }

    // The human table: terminal bar chart (no colour codes under NO_COLOR), and --chart.
    let svg = env.dir.path().join("top.svg");
    let (out, _) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--month",
            "2026-10",
            "--allocate-shared",
            "proportional",
            "--chart",
            svg.to_str().unwrap(),
        ],
    );
    assert!(
        out.contains("clinic-a") && out.contains('█') && out.contains('░'),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "NO_COLOR respected: {out:?}");
    assert!(
        out.contains("reconciliation: report total 400.02 USD = Cost Explorer total 400.02 USD"),
        "{out}"
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains("clinic-e") && text.contains("266.68"),
        "{text}"
    );
}

#[test]
fn csv_has_one_header_and_stable_columns() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic"), ("clinic-e", "premium")]);
    let (d1, d2, d3) = ("2026-10-01", "2026-10-02", "2026-10-03");
    acct.seed(vec![
        grouped(
            &[
                (
                    d1,
                    d2,
                    false,
                    vec![
                        (vec!["ClinicId$clinic-a", "Amazon Bedrock"], "3.10"),
                        (vec!["ClinicId$", "AWS Lambda"], "1.00"),
                    ],
                ),
                (
                    d2,
                    d3,
                    true,
                    vec![(
                        vec!["ClinicId$clinic-e", "Amazon Simple Storage Service"],
                        "0.50",
                    )],
                ),
            ],
            None,
        ),
        totals(&[(d1, d2, "4.10"), (d2, d3, "0.50")]),
    ]);
    let (out, _) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--from",
            d1,
            "--to",
            d3,
            "--granularity",
            "daily",
            "--by",
            "tenant,service",
            "--allocate-shared",
            "proportional",
            "-o",
            "csv",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "period,tenant,tier,service,direct,allocated,total,currency,estimated,source"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("period,")).count(),
        1,
        "exactly one header row:\n{out}"
    );
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(recs.iter().all(|x| x.len() == 10));
    // Cost Explorer knows one attribution: tenant rows are `tagged` (their shares sit on
    // them), the remainder `untagged`.
    assert!(recs.iter().all(|x| matches!(&x[9], "tagged" | "untagged")));
    // Day 1: Lambda's untagged 1.00 goes to clinic-a (the only tenant with direct cost).
    let find = |p: &str, t: &str, s: &str| {
        recs.iter()
            .find(|x| &x[0] == p && &x[1] == t && &x[3] == s)
            .cloned()
    };
    let lambda_a = find(d1, "clinic-a", "AWS Lambda").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        (
            &lambda_a[4],
            &lambda_a[5],
            &lambda_a[6],
            &lambda_a[7],
            &lambda_a[8]
        ),
        ("0.00", "1.00", "1.00", "USD", "false")
    );
    assert!(
        find(d1, "clinic-e", "").is_some(),
        "zero row for a tenant without cost that day:\n{out}"
    );
    let s3_e = find(d2, "clinic-e", "Amazon Simple Storage Service").unwrap();
    assert_eq!((&s3_e[2], &s3_e[8]), ("premium", "true"));
    let total: Decimal = recs.iter().map(|x| d(&x[6])).sum();
    assert_eq!(total, d("4.60"));
}

#[test]
fn tier_and_service_views() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(
        &env,
        &[
            ("clinic-a", "basic"),
            ("clinic-b", "basic"),
            ("clinic-e", "premium"),
        ],
    );
    acct.seed(vec![
        // --by tier: grouped by the Tier tag.
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![
                    (vec!["Tier$basic"], "10"),
                    (vec!["Tier$gold"], "1"),
                    (vec!["Tier$"], "3.00"),
                ],
            )],
            None,
        ),
        totals(&[(OCT.0, OCT.1, "14")]),
        // --by service: grouped by SERVICE only (the total query is the one seen above).
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![(vec!["Amazon Bedrock"], "11"), (vec!["AWS Lambda"], "3")],
            )],
            None,
        ),
    ]);
    let (out, _) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--month",
            "2026-10",
            "--by",
            "tier",
            "--allocate-shared",
            "even",
            "-o",
            "json",
        ],
    );
    let v = json_of(&out);
    let rows = v["rows"].as_array().unwrap();
    let tier = |t: &str| {
        rows.iter()
            .find(|r| r["tier"] == t)
            .unwrap_or_else(|| panic!("{t}: {out}"))
    };
    // Even per tenant: basic has two tenants, premium one.
    assert_eq!(dec(&tier("basic")["allocated"]), d("2.00"));
    assert_eq!(dec(&tier("premium")["allocated"]), d("1.00"));
    assert_eq!(
        dec(&tier("enterprise")["total"]),
        d("0.00"),
        "a tier without cost is listed"
    );
    assert_eq!(tier("gold")["tenant"], "(unknown tier)");
    assert_eq!(v["reconciliation"]["reconciled"], true);

    let (out, _) = acct.ok(
        &env,
        &[
            "cost", "report", "--month", "2026-10", "--by", "service", "-o", "csv",
        ],
    );
    assert!(
        out.contains("2026-10-01,,,Amazon Bedrock,11.00,0.00,11.00,USD,false"),
        "{out}"
    );
}

#[test]
fn a_report_that_does_not_reconcile_says_so() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic")]);
    acct.seed(vec![
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![(vec!["ClinicId$clinic-a"], "10.00")],
            )],
            None,
        ),
        totals(&[(OCT.0, OCT.1, "10.50")]),
    ]);
    let (out, err) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--month",
            "2026-10",
            "-o",
            "json",
            "--no-storage",
        ],
    );
    let v = json_of(&out);
    assert_eq!(v["reconciliation"]["reconciled"], false);
    assert_eq!(dec(&v["reconciliation"]["difference"]), d("-0.50"));
    assert!(
        err.contains("does not reconcile") && err.contains("10.00 USD ≠ Cost Explorer total 10.50"),
        "{err}"
    );
}

/// Bad input exits 2 before any AWS call: the endpoint is a listener that counts connections.
#[test]
fn bad_input_exits_2_and_calls_nothing() {
    let env = TestEnv::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let ep = format!("http://{}", listener.local_addr().unwrap());
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "cost",
                "report",
                "--from",
                "2026-10-32",
                "--to",
                "2026-11-01",
            ],
            "--from",
        ),
        (
            &[
                "cost",
                "report",
                "--from",
                "2026/10/01",
                "--to",
                "2026-11-01",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "cost",
                "report",
                "--from",
                "2026-11-01",
                "--to",
                "2026-10-01",
            ],
            "exclusive",
        ),
        (
            &[
                "cost",
                "report",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-01",
            ],
            "exclusive",
        ),
        (&["cost", "report", "--from", "2026-10-01"], "--to"),
        (
            &[
                "cost",
                "report",
                "--month",
                "2026-10",
                "--from",
                "2026-10-01",
                "--to",
                "2026-11-01",
            ],
            "--month",
        ),
        (&["cost", "report", "--month", "10-2026"], "YYYY-MM"),
        (&["cost", "report", "--month", "2999-01"], "future"),
        (&["cost", "report", "--by", "clinic"], "--by"),
        (&["cost", "report", "--metric", "cheap"], "--metric"),
        (
            &[
                "cost",
                "report",
                "--by",
                "service",
                "--allocate-shared",
                "even",
            ],
            "--allocate-shared",
        ),
        (&["cost", "report", "--chart", "top.png"], "--chart"),
        (
            &["cost", "report", "--chart", "/nonexistent-dir/x.svg"],
            "--chart",
        ),
        (&["cost", "budget", "--threshold", "0"], "--threshold"),
        (&["cost", "budget", "--month", "2999-01"], "future"),
        (&["cost", "budget", "--month", "2026-13"], "--month"),
    ];
    for (args, needle) in cases {
        let out = env
            .cmd()
            .env("AWS_ENDPOINT_URL", &ep)
            .args(*args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: error should name {needle}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert!(
        listener.accept().is_err(),
        "an AWS call was made for bad input"
    );
}

/// The tag-activation check against a real ListCostAllocationTags answer (the emulator has
/// none: the proxy answers it in AWS's shape and forwards everything else): an inactive tag is
/// named with the fix, an active one is not mentioned.
#[test]
fn an_inactive_cost_allocation_tag_is_named_with_the_fix() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic")]);
    acct.seed(vec![
        grouped(
            &[(
                OCT.0,
                OCT.1,
                false,
                vec![(vec!["ClinicId$clinic-a"], "10.00")],
            )],
            None,
        ),
        totals(&[(OCT.0, OCT.1, "10.00")]),
    ]);
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            canned: vec![(
                "ce:ListCostAllocationTags".into(),
                r#"{"CostAllocationTags":[{"TagKey":"ClinicId","Type":"UserDefined","Status":"Inactive"},{"TagKey":"Tier","Type":"UserDefined","Status":"Active","LastUsedDate":"2026-10-30T00:00:00Z"}]}"#.into(),
            )],
            ..FaultConfig::default()
        },
    );
    let (code, out, err) = acct.run_with(
        &env,
        &[("AWS_ENDPOINT_URL", &proxy.url())],
        &["cost", "report", "--month", "2026-10", "-o", "json"],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        err.contains("tag `ClinicId` is not an active cost allocation tag")
            && err.contains("update-cost-allocation-tags-status"),
        "{err}"
    );
    assert!(!err.contains("tag `Tier` is not"), "{err}");
    assert!(!err.contains("could not check"), "{err}");
    assert_eq!(dec(&json_of(&out)["totals"]["total"]), d("10.00"));
}
