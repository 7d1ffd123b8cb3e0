//! Budgets: each tenant's month-to-date cost, and its projected month-end cost, against its
//! tier's `monthly_budget`.
//!
//! Month-to-date is `[1st, today)` in UTC: Cost Explorer's figures for the current day are
//! incomplete, and the forecast (which must start today) covers `[today, next month)`, so
//! nothing is counted twice. A past month is final: no forecast.
//!
//! Budgets compare a tenant's *direct* (tagged) cost; the untagged remainder is reported
//! beside the table, never silently added to anyone.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use chrono::NaiveDate;
use futures::stream::{self, StreamExt};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::aws::ce::CeMetric;
use crate::aws::Aws;
use crate::error::{Error, Result};
use crate::naming::TAG_CLINIC_ID;

use super::dates::{days_in_month, iso, month_start, next_month, DateRange};
use super::money;
use super::report::Registry;
use super::sources::{Costs, Owner};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForecastMode {
    /// GetCostForecast per tenant with cost this month (one billed request each), falling
    /// back to the run rate where Cost Explorer cannot forecast.
    CostExplorer,
    /// Month-to-date cost scaled to the whole month. Free.
    RunRate,
    None,
}

/// The month being checked, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub month: NaiveDate,
    pub month_end: NaiveDate,
    /// Exclusive end of the actual-cost period: the month end for a past month, else today.
    pub actual_end: NaiveDate,
    pub today: NaiveDate,
}

impl Window {
    pub fn new(month: NaiveDate, today: NaiveDate) -> Result<Window> {
        let month = month_start(month);
        if month > today {
            return Err(Error::usage(format!(
                "--month {} is in the future (today is {} UTC)",
                &iso(month)[..7],
                iso(today)
            )));
        }
        let month_end = next_month(month);
        Ok(Window {
            month,
            month_end,
            actual_end: month_end.min(today),
            today,
        })
    }

    pub fn complete(&self) -> bool {
        self.actual_end == self.month_end
    }

    /// `None` on the 1st of the current month: nothing has been billed yet.
    pub fn actual_range(&self) -> Option<DateRange> {
        (self.actual_end > self.month).then_some(DateRange {
            from: self.month,
            to: self.actual_end,
        })
    }

    /// The rest of the month, for GetCostForecast; `None` for a complete month.
    pub fn forecast_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        (!self.complete()).then_some((self.today, self.month_end))
    }

    pub fn elapsed_days(&self) -> i64 {
        (self.actual_end - self.month).num_days()
    }

    /// Month-to-date cost scaled to the whole month.
    pub fn run_rate(&self, actual: Decimal) -> Decimal {
        let elapsed = self.elapsed_days();
        if elapsed == 0 {
            return actual;
        }
        actual * Decimal::from(days_in_month(self.month)) / Decimal::from(elapsed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ok,
    /// Projected month-end cost reaches the threshold.
    ForecastOverThreshold,
    /// Month-to-date cost reaches the threshold.
    OverThreshold,
    /// Month-to-date cost reaches the budget itself.
    OverBudget,
    /// The tier's budget is 0: nothing to compare with.
    NoBudget,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::ForecastOverThreshold => "forecast-over-threshold",
            Status::OverThreshold => "over-threshold",
            Status::OverBudget => "over-budget",
            Status::NoBudget => "no-budget",
        }
    }
    pub fn flagged(self) -> bool {
        matches!(
            self,
            Status::ForecastOverThreshold | Status::OverThreshold | Status::OverBudget
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForecastSource {
    /// A past month: the actual cost is the final figure.
    Final,
    CostExplorer,
    RunRate,
    None,
}

impl ForecastSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastSource::Final => "final",
            ForecastSource::CostExplorer => "cost-explorer",
            ForecastSource::RunRate => "run-rate",
            ForecastSource::None => "none",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub tenant: String,
    pub tier: String,
    pub budget: Decimal,
    pub actual: Decimal,
    pub actual_pct: Option<Decimal>,
    pub forecast: Option<Decimal>,
    pub forecast_pct: Option<Decimal>,
    pub forecast_source: ForecastSource,
    pub status: Status,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    pub month: String,
    pub month_to_date: MonthToDate,
    pub threshold_pct: Decimal,
    pub currency: String,
    /// Every tenant, flagged or not (commands decide what to show).
    pub tenants: Vec<Line>,
    /// Cost tagged with ids that match no tenant: (tag value, amount).
    pub unknown: Vec<Unknown>,
    pub untagged: Decimal,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthToDate {
    pub from: String,
    /// Exclusive.
    pub to: String,
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    pub tenant: String,
    pub amount: Decimal,
}

/// Sum the month-to-date answer per owner (tag value or untagged). A tenant's cost counts
/// against its budget however it was attributed (resource tag or metered caller), so both
/// are keyed `Owner::Tagged`.
pub fn actual_by_owner(costs: &Costs) -> BTreeMap<Owner, Decimal> {
    let mut m = BTreeMap::new();
    for p in &costs.periods {
        for l in &p.lines {
            let key = match &l.owner {
                Some(Owner::Metered(v)) => Owner::Tagged(v.clone()),
                Some(o) => o.clone(),
                None => continue,
            };
            *m.entry(key).or_insert(Decimal::ZERO) += l.amount;
        }
    }
    m
}

/// Projected month-end cost per tenant from Cost Explorer, `[today, month end)` added to the
/// month-to-date cost. Tenants Cost Explorer cannot forecast (too little history) get no
/// entry; the first hard failure stops further calls and comes back as a warning.
pub async fn ce_forecasts(
    aws: &Aws,
    w: &Window,
    metric: CeMetric,
    tenants: &[(String, Decimal)],
    concurrency: usize,
) -> (BTreeMap<String, Decimal>, Option<String>) {
    let Some((start, end)) = w.forecast_range() else {
        return (BTreeMap::new(), None);
    };
    let (start, end) = (iso(start), iso(end));
    let failed = AtomicBool::new(false);
    let first_error: Mutex<Option<String>> = Mutex::new(None);
    let results: Vec<Option<(String, Decimal)>> = stream::iter(tenants)
        .map(|(t, actual)| {
            let (start, end, failed, first_error) = (&start, &end, &failed, &first_error);
            async move {
                if failed.load(Ordering::SeqCst) {
                    return None;
                }
                match aws
                    .ce_cost_forecast(start, end, metric, TAG_CLINIC_ID, t)
                    .await
                {
                    Ok(Some(a)) => money::parse_amount(&a.amount).map(|f| (t.clone(), *actual + f)),
                    Ok(None) => None,
                    Err(e) => {
                        failed.store(true, Ordering::SeqCst);
                        first_error
                            .lock()
                            .expect("not poisoned")
                            .get_or_insert_with(|| format!("{} failed: {}", e.op, e.code));
                        None
                    }
                }
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    let warning = first_error
        .into_inner()
        .expect("not poisoned")
        .map(|e| format!("Cost Explorer forecast unavailable ({e}); projecting from the month-to-date run rate instead"));
    (results.into_iter().flatten().collect(), warning)
}

/// Inputs of `evaluate` besides the registry.
pub struct Inputs<'a> {
    pub window: Window,
    pub budgets: &'a BTreeMap<String, Decimal>,
    pub actual: &'a BTreeMap<Owner, Decimal>,
    pub mode: ForecastMode,
    /// Cost Explorer projections (month-to-date + forecast) by tenant.
    pub ce_forecast: &'a BTreeMap<String, Decimal>,
    pub threshold_pct: Decimal,
    pub currency: String,
}

/// Every live tenant (and offboarded ones that still had cost) against its tier's budget.
pub fn evaluate(reg: &Registry, i: &Inputs) -> Budget {
    let dp = money::minor_units(&i.currency);
    let mut tenants = Vec::new();
    for t in &reg.tenants {
        let exact = i
            .actual
            .get(&Owner::Tagged(t.id.clone()))
            .copied()
            .unwrap_or(Decimal::ZERO);
        if t.offboarded && exact.is_zero() {
            continue;
        }
        let budget = i.budgets.get(&t.tier).copied().unwrap_or(Decimal::ZERO);
        let (forecast, source) = if i.window.complete() {
            (None, ForecastSource::Final)
        } else {
            match (i.mode, i.ce_forecast.get(&t.id)) {
                (ForecastMode::None, _) => (None, ForecastSource::None),
                (ForecastMode::CostExplorer, Some(f)) => (Some(*f), ForecastSource::CostExplorer),
                _ => (Some(i.window.run_rate(exact)), ForecastSource::RunRate),
            }
        };
        let actual = money::round(exact, dp);
        let forecast = forecast.map(|f| money::round(f, dp));
        let limit = budget * i.threshold_pct / Decimal::ONE_HUNDRED;
        let status = if budget <= Decimal::ZERO {
            Status::NoBudget
        } else if actual >= budget {
            Status::OverBudget
        } else if actual >= limit {
            Status::OverThreshold
        } else if forecast.is_some_and(|f| f >= limit) {
            Status::ForecastOverThreshold
        } else {
            Status::Ok
        };
        tenants.push(Line {
            tenant: t.id.clone(),
            tier: t.tier.clone(),
            budget,
            actual,
            actual_pct: money::percent(actual, budget),
            forecast,
            forecast_pct: forecast.and_then(|f| money::percent(f, budget)),
            forecast_source: source,
            status,
            currency: i.currency.clone(),
        });
    }
    let known: std::collections::HashSet<&str> =
        reg.tenants.iter().map(|t| t.id.as_str()).collect();
    let unknown = i
        .actual
        .iter()
        .filter_map(|(o, a)| match o {
            Owner::Tagged(v) if !known.contains(v.as_str()) => Some(Unknown {
                tenant: v.clone(),
                amount: money::round(*a, dp),
            }),
            _ => None,
        })
        .collect();
    Budget {
        month: iso(i.window.month)[..7].to_string(),
        month_to_date: MonthToDate {
            from: iso(i.window.month),
            to: iso(i.window.actual_end),
            complete: i.window.complete(),
        },
        threshold_pct: i.threshold_pct,
        currency: i.currency.clone(),
        tenants,
        unknown,
        untagged: money::round(
            i.actual
                .get(&Owner::Untagged)
                .copied()
                .unwrap_or(Decimal::ZERO),
            dp,
        ),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::report::RegTenant;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows() {
        let w = Window::new(day("2026-11-01"), day("2026-11-22")).unwrap();
        assert!(!w.complete());
        assert_eq!(
            w.actual_range(),
            Some(DateRange {
                from: day("2026-11-01"),
                to: day("2026-11-22")
            })
        );
        assert_eq!(
            w.forecast_range(),
            Some((day("2026-11-22"), day("2026-12-01")))
        );
        assert_eq!(w.run_rate(d("210")), d("300"));
        let past = Window::new(day("2026-10-01"), day("2026-11-22")).unwrap();
        assert!(past.complete() && past.forecast_range().is_none());
        let first = Window::new(day("2026-11-01"), day("2026-11-01")).unwrap();
        assert_eq!(first.actual_range(), None);
        assert!(Window::new(day("2026-12-01"), day("2026-11-22")).is_err());
    }

    #[test]
    fn statuses() {
        let reg = Registry {
            tenants: ["a-ok", "b-forecast", "c-threshold", "d-over", "e-free"]
                .iter()
                .map(|t| RegTenant {
                    id: t.to_string(),
                    tier: if *t == "e-free" {
                        "free".into()
                    } else {
                        "basic".into()
                    },
                    offboarded: false,
                })
                .collect(),
            tiers: vec!["basic".into(), "free".into()],
        };
        let budgets: BTreeMap<String, Decimal> = [
            ("basic".to_string(), d("100")),
            ("free".to_string(), d("0")),
        ]
        .into();
        let actual: BTreeMap<Owner, Decimal> = [
            (Owner::Tagged("a-ok".into()), d("10")),
            (Owner::Tagged("b-forecast".into()), d("50")),
            (Owner::Tagged("c-threshold".into()), d("80")),
            (Owner::Tagged("d-over".into()), d("100.001")),
            (Owner::Tagged("e-free".into()), d("5")),
            (Owner::Tagged("ghost".into()), d("7")),
            (Owner::Untagged, d("3")),
        ]
        .into();
        let w = Window::new(day("2026-11-01"), day("2026-11-16")).unwrap(); // 15 of 30 days: run rate doubles
        let ce = BTreeMap::new();
        let b = evaluate(
            &reg,
            &Inputs {
                window: w,
                budgets: &budgets,
                actual: &actual,
                mode: ForecastMode::RunRate,
                ce_forecast: &ce,
                threshold_pct: d("80"),
                currency: "USD".into(),
            },
        );
        let st: Vec<(&str, Status)> = b
            .tenants
            .iter()
            .map(|l| (l.tenant.as_str(), l.status))
            .collect();
        assert_eq!(
            st,
            vec![
                ("a-ok", Status::Ok),
                ("b-forecast", Status::ForecastOverThreshold),
                ("c-threshold", Status::OverThreshold),
                ("d-over", Status::OverBudget),
                ("e-free", Status::NoBudget)
            ]
        );
        assert_eq!(b.tenants[1].forecast, Some(d("100.00")));
        assert_eq!(b.unknown.len(), 1);
        assert_eq!(b.untagged, d("3"));
    }
}
