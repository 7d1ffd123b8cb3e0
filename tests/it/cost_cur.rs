//! `tenantctl cost report --source cur`: CUR 2.0 Parquet files (written by
//! `cur_support::write`) read locally and from S3, attribution by resource tag then principal
//! tag, the `source` column, `--allocate-shared usage`, and bad input exiting 2.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::{Sdk, TestEnv};
use crate::cost_support::{dec, json_of, Account};
use crate::cur_support::{write, Item};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// October 2026 for clinic-a (tagged S3), clinic-b and clinic-e (metered Bedrock), a ghost
/// caller, untagged Lambda, and a September line that October must not count. Two files in
/// nested directories (read by two workers).
pub fn october(dir: &std::path::Path) {
    let a = vec![
        Item::new("2026-10-03", "AmazonS3", 10.004).tagged("clinic-a"),
        Item::new("2026-10-04", "AmazonBedrock", 20.0)
            .caller("clinic-b", "basic")
            .tokens(2000.0),
        Item::new("2026-10-05", "AmazonBedrock", 12.5)
            .caller("clinic-e", "premium")
            .tokens(1000.0),
        // Both tags: the resource tag wins.
        Item::new("2026-10-05", "AmazonBedrock", 1.0)
            .tagged("clinic-a")
            .caller("clinic-b", "basic"),
        Item::new("2026-09-30", "AmazonS3", 99.0).tagged("clinic-a"),
    ];
    let b = vec![
        Item::new("2026-10-20", "AmazonBedrock", 10.0)
            .caller("clinic-b", "basic")
            .tokens(1000.0),
        Item::new("2026-10-21", "AmazonBedrock", 2.0).caller("ghost-clinic", "basic"),
        Item::new("2026-10-31", "AWSLambda", 8.0),
    ];
    write(
        &dir.join("BILLING_PERIOD=2026-10/part-0.parquet"),
        &a,
        &[],
        2,
    );
    write(
        &dir.join("BILLING_PERIOD=2026-10/x/part-1.parquet"),
        &b,
        &[],
        1000,
    );
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().unwrap()
}

fn row<'a>(v: &'a Value, tenant: &str, source: &str) -> &'a Value {
    rows(v)
        .iter()
        .find(|r| r["tenant"] == tenant && r["source"] == source)
        .unwrap_or_else(|| panic!("no {source} row for {tenant}: {v:#}"))
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

#[test]
fn cur_directory_attributes_by_resource_then_principal_tag() {
    let env = TestEnv::new();
    let acct = platform(&env);
    let dir = env.dir.path().join("cur");
    october(&dir);
    let loc = dir.to_str().unwrap();
    let (out, err) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--source",
            "cur",
            loc,
            "--month",
            "2026-10",
            "-o",
            "json",
            "--no-storage",
        ],
    );
    let v = json_of(&out);
    assert_eq!(v["query"]["source"], "cur");
    assert_eq!(dec(&row(&v, "clinic-a", "tagged")["direct"]), d("11.00"));
    assert_eq!(dec(&row(&v, "clinic-b", "metered")["direct"]), d("30.00"));
    assert_eq!(dec(&row(&v, "clinic-e", "metered")["direct"]), d("12.50"));
    let ghost = row(&v, "ghost-clinic", "metered");
    assert_eq!(ghost["kind"], "unknown_tenant");
    assert_eq!(dec(&ghost["direct"]), d("2.00"), "unknown tenant kept");
    assert_eq!(
        dec(&row(&v, "(untagged)", "untagged")["direct"]),
        d("8.00"),
        "untagged kept"
    );
    assert!(
        !rows(&v)
            .iter()
            .any(|r| r["tenant"] == "clinic-a" && r["source"] == "metered"),
        "no zero metered row beside a tagged one: {v:#}"
    );
    assert_eq!(
        dec(&v["totals"]["total"]),
        d("63.50"),
        "September is not October"
    );
    assert_eq!(v["reconciliation"]["reconciled"], true);
    assert_eq!(v["reconciliation"]["reference"], "CUR");
    assert!(
        err.contains("reconciliation: report total 63.50 USD = CUR total 63.50 USD"),
        "{err}"
    );

    // CSV (streamed period by period): the stable columns, `source` last; the chart is
    // ranked from the rows as they pass.
    let chart = env.dir.path().join("top.svg");
    let (csv, _) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--source",
            "cur",
            loc,
            "--month",
            "2026-10",
            "-o",
            "csv",
            "--chart",
            chart.to_str().unwrap(),
        ],
    );
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(
        svg.contains("clinic-b") && svg.contains("clinic-a") && svg.contains("(untagged)"),
        "{svg}"
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("period,tenant,tier,service,direct,allocated,total,currency,estimated,source")
    );
    assert!(
        csv.contains("2026-10-01,clinic-b,basic,,30.00,0.00,30.00,USD,false,metered"),
        "{csv}"
    );

    // The tenant,service view by day: Bedrock per tenant per day.
    let daily = [
        "cost",
        "report",
        "--source",
        "cur",
        loc,
        "--month",
        "2026-10",
        "--by",
        "tenant,service",
        "--granularity",
        "daily",
    ];
    let (out, _) = acct.ok(
        &env,
        &[&daily[..], &["-o", "json", "--no-storage"]].concat(),
    );
    let v = json_of(&out);
    let b20 = rows(&v)
        .iter()
        .find(|r| {
            r["tenant"] == "clinic-b"
                && r["period"] == "2026-10-20"
                && r["service"] == "AmazonBedrock"
        })
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(dec(&b20["direct"]), d("10.00"));
    assert_eq!(dec(&v["totals"]["total"]), d("63.50"));

    // The same report as CSV, whose periods are built on several threads and written in
    // order, has the JSON's rows (built one period after another), in the same order.
    let (csv, _) = acct.ok(&env, &[&daily[..], &["-o", "csv"]].concat());
    let s = |x: &Value| x.as_str().unwrap_or_else(|| panic!("{x}")).to_string();
    let from_json: Vec<String> = rows(&v)
        .iter()
        .map(|r| {
            [
                s(&r["period"]),
                s(&r["tenant"]),
                s(&r["tier"]),
                s(&r["service"]),
                s(&r["direct"]),
                s(&r["allocated"]),
                s(&r["total"]),
                s(&r["currency"]),
                r["estimated"].to_string(),
                s(&r["source"]),
            ]
            .join(",")
        })
        .collect();
    let from_csv: Vec<&str> = csv.lines().skip(1).collect();
    assert!(from_json.len() > 31, "{} rows", from_json.len());
    assert_eq!(from_csv, from_json);
}

#[test]
fn shared_cost_is_split_by_metered_usage_or_by_cost() {
    let env = TestEnv::new();
    let acct = platform(&env);
    let dir = env.dir.path().join("cur");
    october(&dir);
    let loc = dir.to_str().unwrap();
    let run = |mode: &str| {
        let (out, _) = acct.ok(
            &env,
            &[
                "cost",
                "report",
                "--source",
                "cur",
                loc,
                "--month",
                "2026-10",
                "--allocate-shared",
                mode,
                "-o",
                "json",
                "--no-storage",
            ],
        );
        json_of(&out)
    };
    // Usage: clinic-b 3000 tokens, clinic-e 1000, clinic-a none → 8.00 splits 6.00 / 2.00.
    let v = run("usage");
    assert_eq!(
        dec(&row(&v, "clinic-b", "allocated")["allocated"]),
        d("6.00")
    );
    assert_eq!(
        dec(&row(&v, "clinic-e", "allocated")["allocated"]),
        d("2.00")
    );
    assert!(
        !rows(&v)
            .iter()
            .any(|r| r["tenant"] == "clinic-a" && r["source"] == "allocated"),
        "no usage, no share: {v:#}"
    );
    let untagged = row(&v, "(untagged)", "untagged");
    assert_eq!(dec(&untagged["total"]), d("0.00"));
    assert_eq!(dec(&v["totals"]["allocated"]), d("8.00"));
    assert_eq!(dec(&v["totals"]["total"]), d("63.50"));
    // Proportional: by direct cost (11.004 : 30 : 12.5), every tenant's share on its own row.
    let v = run("proportional");
    let shares: Decimal = ["clinic-a", "clinic-b", "clinic-e"]
        .iter()
        .map(|t| dec(&row(&v, t, "allocated")["allocated"]))
        .sum();
    assert_eq!(shares, d("8.00"));
    assert_eq!(
        dec(&row(&v, "clinic-b", "allocated")["allocated"]),
        d("4.49")
    );
}

#[test]
fn cur_from_s3_prefix() {
    let env = TestEnv::new();
    let acct = platform(&env);
    let dir = env.dir.path().join("cur");
    october(&dir);
    // Upload into a bucket of the test's account (the role's credentials).
    let sdk = Sdk::new();
    let bucket = format!("{}-cur", env.ns);
    sdk.rt
        .block_on(sdk.s3.create_bucket().bucket(&bucket).send())
        .unwrap();
    for (i, f) in [
        "BILLING_PERIOD=2026-10/part-0.parquet",
        "BILLING_PERIOD=2026-10/x/part-1.parquet",
    ]
    .iter()
    .enumerate()
    {
        let body = std::fs::read(dir.join(f)).unwrap();
        sdk.rt
            .block_on(
                sdk.s3
                    .put_object()
                    .bucket(&bucket)
                    .key(format!("cur/data/{f}"))
                    .body(body.into())
                    .send(),
            )
            .unwrap_or_else(|e| panic!("upload {i}: {e:?}"));
    }
    sdk.rt
        .block_on(
            sdk.s3
                .put_object()
                .bucket(&bucket)
                .key("cur/metadata/manifest.json")
                .body(b"{}".to_vec().into())
                .send(),
        )
        .unwrap();
    let loc = format!("s3://{bucket}/cur/");
    let (out, _) = acct.ok(
        &env,
        &[
            "cost",
            "report",
            "--source",
            "cur",
            &loc,
            "--month",
            "2026-10",
            "-o",
            "json",
            "--no-storage",
        ],
    );
    let v = json_of(&out);
    assert_eq!(dec(&row(&v, "clinic-b", "metered")["direct"]), d("30.00"));
    assert_eq!(dec(&v["totals"]["total"]), d("63.50"));
}

#[test]
fn bad_cur_input_exits_2_with_the_reason() {
    let env = TestEnv::new();
    let dir = env.dir.path().join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        let mut a = vec!["cost", "report", "--no-storage"];
        a.extend_from_slice(args);
        env.run(&a)
    };
    // Not Parquet.
    let junk = dir.join("junk/part-0.parquet");
    std::fs::create_dir_all(junk.parent().unwrap()).unwrap();
    std::fs::write(&junk, "period,cost\n2026-10-01,1.00\n").unwrap();
    let (code, _, err) = run(&[
        "--source",
        "cur",
        junk.to_str().unwrap(),
        "--month",
        "2026-10",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a Parquet file"), "{err}");

    // A missing column, named.
    let f = dir.join("nocost/part-0.parquet");
    write(
        &f,
        &[Item::new("2026-10-03", "AmazonS3", 1.0)],
        &["line_item_unblended_cost"],
        10,
    );
    let (code, _, err) = run(&["--source", "cur", f.to_str().unwrap(), "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`line_item_unblended_cost` is missing"),
        "{err}"
    );

    // No `tags` map: cannot attribute.
    let f = dir.join("notags/part-0.parquet");
    write(
        &f,
        &[Item::new("2026-10-03", "AmazonS3", 1.0)],
        &["tags"],
        10,
    );
    let (code, _, err) = run(&["--source", "cur", f.to_str().unwrap(), "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`tags`"), "{err}");

    // A month with no data says what the files cover.
    let f = dir.join("oct/part-0.parquet");
    write(&f, &[Item::new("2026-10-03", "AmazonS3", 1.0)], &[], 10);
    let (code, _, err) = run(&["--source", "cur", f.to_str().unwrap(), "--month", "2026-08"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no CUR line items between 2026-08-01 and 2026-09-01")
            && err.contains("2026-10-03"),
        "{err}"
    );

    // A directory without Parquet files; a path that does not exist; no LOCATION at all.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, err) = run(&[
        "--source",
        "cur",
        empty.to_str().unwrap(),
        "--month",
        "2026-10",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no Parquet files"), "{err}");
    let (code, _, err) = run(&["--source", "cur", "/nonexistent/cur", "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no such file or directory"), "{err}");
    let (code, _, err) = run(&["--source", "cur", "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("needs LOCATION"), "{err}");

    // Options that do not fit the source.
    let (code, _, err) = run(&["--allocate-shared", "usage", "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--allocate-shared usage needs"), "{err}");
    let (code, _, err) = run(&[
        "--source",
        "cur",
        f.to_str().unwrap(),
        "--metric",
        "amortized",
        "--month",
        "2026-10",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("amortized"), "{err}");
    let (code, _, err) = run(&[f.to_str().unwrap(), "--month", "2026-10"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only for --source cur"), "{err}");
}
