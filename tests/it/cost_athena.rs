//! `tenantctl cost report --source athena` against moto's Athena (results seeded through
//! `/moto-api/static/athena/query-results`; the SQL itself is tested as text in
//! src/cost/athena.rs), and the evidence that the three sources agree to the cent: the same
//! synthetic month read from CUR Parquet, from seeded Athena results and from seeded Cost
//! Explorer answers gives the same per-tenant totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::TestEnv;
use crate::cost_support::{dec, grouped, json_of, totals, Account};
use crate::cur_support::{write, Item};

const ATHENA: &str = r#"
[cost.athena]
database = "cur"
table = "cost_and_usage"
billing_period_column = "billing_period"
"#;

const COLUMNS: [&str; 8] = [
    "period",
    "is_total",
    "attribution",
    "owner",
    "service",
    "currency",
    "cost",
    "usage",
];

fn with_athena(env: &TestEnv) {
    let mut text = std::fs::read_to_string(&env.config).unwrap();
    text.push_str(ATHENA);
    std::fs::write(&env.config, text).unwrap();
}

fn platform(env: &TestEnv) -> Account {
    let acct = Account::fresh();
    acct.platform(
        env,
        &[
            ("clinic-a", "basic"),
            ("clinic-b", "basic"),
            ("clinic-e", "premium"),
        ],
    );
    acct
}

/// The synthetic month: costs with up to 10 decimals (as AWS bills), several lines per
/// tenant so that rounding happens on sums, every attribution, an unknown caller.
fn month() -> Vec<(Item, &'static str)> {
    let it = |day: &str, product: &str, cost: &'static str| {
        (Item::new(day, product, cost.parse().unwrap()), cost)
    };
    let mut v = Vec::new();
    for (i, c) in [
        "0.0049999999",
        "1.2345678901",
        "7.0000000049",
        "0.3333333333",
    ]
    .into_iter()
    .enumerate()
    {
        let day = format!("2026-10-{:02}", 2 + i);
        let (x, c1) = it(&day, "AmazonBedrock", c);
        v.push((
            x.caller("clinic-b", "basic")
                .tokens(100.0 * (i as f64 + 1.0)),
            c1,
        ));
        let (x, c2) = it(&day, "AmazonS3", c);
        v.push((x.tagged("clinic-a"), c2));
        let (x, c3) = it(&day, "AWSLambda", c);
        v.push((x, c3));
    }
    let (x, c) = it("2026-10-09", "AmazonBedrock", "12.3456789012");
    v.push((x.caller("clinic-e", "premium").tokens(50.0), c));
    let (x, c) = it("2026-10-10", "AmazonBedrock", "0.0150000000");
    v.push((x.caller("ghost-clinic", "basic"), c));
    let (x, c) = it("2026-10-11", "AmazonDynamoDB", "2.5000000001");
    v.push((x.tagged("clinic-e").caller("clinic-b", "basic"), c));
    v
}

/// (attribution, owner) of an item: resource tag, else principal tag, else untagged.
fn attribution(i: &Item) -> (&'static str, String) {
    let get = |k: &str| {
        i.tags
            .iter()
            .find(|(key, v)| key == k && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    match (get("resourceTags/ClinicId"), get("iamPrincipal/ClinicId")) {
        (Some(v), _) => ("tagged", v),
        (None, Some(v)) => ("metered", v),
        _ => ("untagged", String::new()),
    }
}

/// What Athena returns for the month in the tenant view: one row per (attribution, owner),
/// the exact decimal sums, and the period total.
fn athena_rows(items: &[(Item, &str)]) -> Vec<Vec<String>> {
    let mut groups: BTreeMap<(&str, String), (Decimal, Decimal)> = BTreeMap::new();
    let mut total = Decimal::ZERO;
    for (i, c) in items {
        let c: Decimal = c.parse().unwrap();
        let (a, o) = attribution(i);
        let g = groups.entry((a, o)).or_default();
        g.0 += c;
        if a == "metered" && i.product == "AmazonBedrock" && i.usage_type.contains("token") {
            g.1 += Decimal::try_from(i.usage).unwrap();
        }
        total += c;
    }
    let mut rows: Vec<Vec<String>> = groups
        .into_iter()
        .map(|((a, o), (c, u))| {
            vec![
                "2026-10-01".into(),
                "0".into(),
                a.into(),
                o,
                String::new(),
                "USD".into(),
                c.to_string(),
                u.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "2026-10-01".into(),
        "3".into(),
        String::new(),
        String::new(),
        String::new(),
        "USD".into(),
        total.to_string(),
        String::new(),
    ]);
    rows
}

/// Per tenant (all its rows), the grand total, and the reconciliation flag of a report.
fn per_tenant(v: &Value) -> (BTreeMap<String, Decimal>, Decimal, bool) {
    let mut m = BTreeMap::new();
    for r in v["rows"].as_array().unwrap() {
        *m.entry(r["tenant"].as_str().unwrap().to_string())
            .or_insert(Decimal::ZERO) += dec(&r["total"]);
    }
    (
        m,
        dec(&v["totals"]["total"]),
        v["reconciliation"]["reconciled"] == true,
    )
}

#[test]
fn athena_report_from_seeded_results() {
    let env = TestEnv::new();
    let acct = platform(&env);
    // Without [cost.athena]: exit 2, naming the section.
    let (code, _, err) = acct.run(
        &env,
        &["cost", "report", "--source", "athena", "--month", "2026-10"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[cost.athena]"), "{err}");

    with_athena(&env);
    let items = month();
    acct.seed_athena(vec![(COLUMNS.to_vec(), athena_rows(&items))]);
    let (out, err) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--source",
            "athena",
            "--month",
            "2026-10",
            "--allocate-shared",
            "usage",
            "-o",
            "json",
            "--no-storage",
        ],
    );
    let v = json_of(&out);
    assert_eq!(v["query"]["source"], "athena");
    assert_eq!(v["reconciliation"]["reference"], "Athena");
    assert_eq!(v["reconciliation"]["reconciled"], true, "{err}");
    let row = |t: &str, s: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["tenant"] == t && r["source"] == s)
            .unwrap_or_else(|| panic!("no {s} row for {t}: {v:#}"))
            .clone()
    };
    assert_eq!(row("clinic-b", "metered")["tier"], "basic");
    assert_eq!(row("ghost-clinic", "metered")["kind"], "unknown_tenant");
    // Untagged Lambda (8.5729012282 → 8.57) split by tokens: clinic-b 1000, clinic-e 50.
    let shared = dec(&row("(untagged)", "untagged")["direct"]);
    assert_eq!(shared, "8.57".parse::<Decimal>().unwrap());
    let b = dec(&row("clinic-b", "allocated")["allocated"]);
    let e = dec(&row("clinic-e", "allocated")["allocated"]);
    assert_eq!((b, e), ("8.16".parse().unwrap(), "0.41".parse().unwrap()));

    // An empty answer (no line items in the range): exit 2.
    acct.seed_athena(vec![(COLUMNS.to_vec(), vec![])]);
    let (code, _, err) = acct.run(
        &env,
        &["cost", "report", "--source", "athena", "--month", "2026-09"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no CUR line items"), "{err}");
}

#[test]
fn cur_athena_and_cost_explorer_agree_to_the_cent() {
    let env = TestEnv::new();
    let acct = platform(&env);
    with_athena(&env);
    let items = month();
    let dir = env.dir.path().join("cur");
    let plain: Vec<Item> = items.iter().map(|(i, _)| i.clone()).collect();
    write(&dir.join("part-0.parquet"), &plain[..7], &[], 3);
    write(&dir.join("part-1.parquet"), &plain[7..], &[], 100);

    // Cost Explorer: grouped by ClinicId, each tenant's cost whichever tag attributed it
    // (both ClinicId tags active), the rest under `ClinicId$`; then the ungrouped total.
    let mut by_tenant: BTreeMap<String, Decimal> = BTreeMap::new();
    for (i, c) in &items {
        let (_, o) = attribution(i);
        *by_tenant.entry(o).or_default() += c.parse::<Decimal>().unwrap();
    }
    let total: Decimal = by_tenant.values().sum();
    let amounts: Vec<(String, String)> = by_tenant
        .iter()
        .map(|(t, a)| (format!("ClinicId${t}"), a.to_string()))
        .collect();
    let groups: Vec<(Vec<&str>, &str)> = amounts
        .iter()
        .map(|(k, a)| (vec![k.as_str()], a.as_str()))
        .collect();
    let total_s = total.to_string();
    acct.seed(vec![
        grouped(&[("2026-10-01", "2026-11-01", false, groups)], None),
        totals(&[("2026-10-01", "2026-11-01", &total_s)]),
    ]);
    acct.seed_athena(vec![(COLUMNS.to_vec(), athena_rows(&items))]);

    let report = |source: &[&str]| {
        let mut args = vec!["cost", "report"];
        args.extend_from_slice(source);
        args.extend([
            "--month",
            "2026-10",
            "--allocate-shared",
            "proportional",
            "-o",
            "json",
            "--no-storage",
        ]);
        let (out, _) = acct.ok(&env, &args);
        per_tenant(&json_of(&out))
    };
    let cur = report(&["--source", "cur", dir.to_str().unwrap()]);
    let athena = report(&["--source", "athena"]);
    let ce = report(&["--source", "cost-explorer"]);
    assert!(cur.2 && athena.2 && ce.2, "every report reconciles");
    assert_eq!(cur, athena, "CUR Parquet vs Athena");
    assert_eq!(cur, ce, "CUR Parquet vs Cost Explorer");
    assert_eq!(cur.1, "40.58".parse::<Decimal>().unwrap(), "{cur:?}");
    assert_eq!(cur.0["ghost-clinic"], "0.02".parse::<Decimal>().unwrap());
    assert_eq!(
        cur.0["(untagged)"],
        Decimal::ZERO,
        "all shared cost allocated"
    );
}
