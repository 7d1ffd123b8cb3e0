//! `tenantctl cost budget` against the emulator: month-to-date cost per tenant against its
//! tier's monthly budget (basic 200, premium 1500 in the test config), exit 1 when any tenant
//! is at/over the threshold.

use crate::common::fault_proxy::{FaultConfig, FaultProxy};
use crate::common::{endpoint, TestEnv};
use crate::cost_support::{dec, grouped, json_of, Account};
use chrono::Datelike;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const SEP: (&str, &str) = ("2026-09-01", "2026-10-01");

#[test]
fn a_tenant_over_budget_exits_1() {
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
    acct.seed(vec![grouped(
        &[(
            SEP.0,
            SEP.1,
            false,
            vec![
                (vec!["ClinicId$clinic-a"], "250.10"),
                (vec!["ClinicId$clinic-e"], "99.99"),
                (vec!["ClinicId$old-clinic"], "5"),
                (vec!["ClinicId$"], "30"),
            ],
        )],
        None,
    )]);
    let (code, out, err) = acct.run(
        &env,
        &["cost", "budget", "--month", "2026-09", "-o", "json"],
    );
    assert_eq!(code, 1, "over budget must exit 1\n{out}\n{err}");
    let v = json_of(&out);
    let tenants = v["tenants"].as_array().unwrap();
    assert_eq!(
        tenants.len(),
        1,
        "only tenants at/over the threshold are listed: {out}"
    );
    let a = &tenants[0];
    assert_eq!(
        (
            a["tenant"].as_str(),
            a["status"].as_str(),
            a["forecast_source"].as_str()
        ),
        (Some("clinic-a"), Some("over-budget"), Some("final"))
    );
    assert_eq!(
        (dec(&a["budget"]), dec(&a["actual"]), dec(&a["actual_pct"])),
        (d("200"), d("250.10"), d("125.1"))
    );
    assert_eq!(dec(&v["untagged"]), d("30.00"));
    assert_eq!(v["unknown"][0]["tenant"], "old-clinic");
    assert!(
        err.contains("1 of 3 tenant(s) at/over 80%") && err.contains("1 over budget"),
        "{err}"
    );
    assert!(err.contains("old-clinic"), "{err}");

    // --all lists everyone; the table view too. Same query, so the same seeded answer.
    let (code, out, _) = acct.run(&env, &["cost", "budget", "--month", "2026-09", "--all"]);
    assert_eq!(code, 1);
    for t in ["clinic-a", "clinic-b", "clinic-e", "over-budget", "125.1%"] {
        assert!(out.contains(t), "{t} missing:\n{out}");
    }
    let (code, out, _) = acct.run(&env, &["cost", "budget", "--month", "2026-09", "-o", "csv"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().next(), Some("tenant,tier,budget,actual,actual_pct,forecast,forecast_pct,forecast_source,status,currency"));
    assert_eq!(
        out.lines().nth(1),
        Some("clinic-a,basic,200.00,250.10,125.1,,,final,over-budget,USD")
    );
}

#[test]
fn under_budget_exits_0_and_the_threshold_decides() {
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic"), ("clinic-e", "premium")]);
    acct.seed(vec![grouped(
        &[(
            SEP.0,
            SEP.1,
            false,
            vec![
                (vec!["ClinicId$clinic-a"], "120"),
                (vec!["ClinicId$clinic-e"], "600"),
            ],
        )],
        None,
    )]);
    let (code, out, err) = acct.run(&env, &["cost", "budget", "--month", "2026-09"]);
    assert_eq!(code, 0, "60% and 40% are under 80%\n{out}\n{err}");
    assert!(err.contains("0 of 2 tenant(s) at/over 80%"), "{err}");
    let (code, out, _) = acct.run(
        &env,
        &[
            "cost",
            "budget",
            "--month",
            "2026-09",
            "--threshold",
            "50",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let v = json_of(&out);
    assert_eq!(v["tenants"].as_array().unwrap().len(), 1);
    assert_eq!(v["tenants"][0]["status"], "over-threshold");
}

/// The current month: month-to-date plus a projection. The emulator has no GetCostForecast,
/// so the default (Cost Explorer forecast) falls back to the run rate with a warning.
#[test]
fn current_month_projects_the_month_end() {
    // A fixed "today" mid-month (TENANTCTL_TODAY), so the month-to-date path runs on any day
    // (on a real 1st nothing is billed yet and there is no month-to-date query).
    let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 17).unwrap();
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic")]);
    let first = today.with_day(1).unwrap();
    let next = (first + chrono::Months::new(1))
        .format("%Y-%m-%d")
        .to_string();
    let days = (chrono::NaiveDate::parse_from_str(&next, "%Y-%m-%d").unwrap() - first).num_days();
    let elapsed = (today - first).num_days();
    // Month to date just under 80% of 200 scaled to the elapsed days: the run rate reaches 80%
    // (160) while the actual stays below it.
    let mtd = Decimal::from(160 * elapsed) / Decimal::from(days) + d("0.5");
    let mtd = mtd.round_dp(2).to_string();
    let (from, to) = (
        first.format("%Y-%m-%d").to_string(),
        today.format("%Y-%m-%d").to_string(),
    );
    acct.seed(vec![grouped(
        &[(&from, &to, true, vec![(vec!["ClinicId$clinic-a"], &mtd)])],
        None,
    )]);

    let (code, out, err) = acct.run_on(
        &env,
        &today.to_string(),
        &["cost", "budget", "--forecast", "none", "-o", "json"],
    );
    assert_eq!(code, 0, "actual alone is under the threshold\n{out}\n{err}");
    assert_eq!(
        json_of(&out)["month_to_date"]["to"],
        to.as_str(),
        "month to date excludes today"
    );

    let (code, out, err) = acct.run_on(&env, &today.to_string(), &["cost", "budget", "-o", "json"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("forecast unavailable") && err.contains("run rate"),
        "{err}"
    );
    let v = json_of(&out);
    let a = &v["tenants"][0];
    assert_eq!(
        (a["status"].as_str(), a["forecast_source"].as_str()),
        (Some("forecast-over-threshold"), Some("run-rate"))
    );
    assert!(dec(&a["forecast"]) >= d("160"), "{out}");
}

/// The default projection: Cost Explorer's forecast for [today, month end) added to the month
/// to date. The emulator has no GetCostForecast; the proxy answers it in AWS's shape.
#[test]
fn the_cost_explorer_forecast_is_added_to_the_month_to_date() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 17).unwrap();
    let env = TestEnv::new();
    let acct = Account::fresh();
    acct.platform(&env, &[("clinic-a", "basic")]);
    acct.seed(vec![grouped(
        &[(
            "2026-10-01",
            "2026-10-17",
            true,
            vec![(vec!["ClinicId$clinic-a"], "100.00")],
        )],
        None,
    )]);
    let proxy = FaultProxy::start(
        endpoint(),
        FaultConfig {
            canned: vec![
                (
                    "ce:ListCostAllocationTags".into(),
                    r#"{"CostAllocationTags":[{"TagKey":"ClinicId","Type":"UserDefined","Status":"Active"},{"TagKey":"Tier","Type":"UserDefined","Status":"Active"}]}"#.into(),
                ),
                (
                    "ce:GetCostForecast".into(),
                    r#"{"Total":{"Amount":"70.13","Unit":"USD"},"ForecastResultsByTime":[{"TimePeriod":{"Start":"2026-10-17","End":"2026-11-01"},"MeanValue":"70.13"}]}"#.into(),
                ),
            ],
            ..FaultConfig::default()
        },
    );
    let (code, out, err) = acct.run_with(
        &env,
        &[
            ("AWS_ENDPOINT_URL", &proxy.url()),
            ("TENANTCTL_TODAY", &today.to_string()),
        ],
        &["cost", "budget", "-o", "json"],
    );
    // 100 actual is under 80% of 200; 100 + 70.13 projected is over it.
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(!err.contains("forecast unavailable"), "{err}");
    let a = &json_of(&out)["tenants"][0];
    assert_eq!(
        (a["status"].as_str(), a["forecast_source"].as_str()),
        (Some("forecast-over-threshold"), Some("cost-explorer")),
        "{out}"
    );
    assert_eq!(dec(&a["forecast"]), d("170.13"), "{out}");
    assert_eq!(
        proxy.stats().get("ce:GetCostForecast").map(|s| s.forwarded),
        Some(1)
    );
}
