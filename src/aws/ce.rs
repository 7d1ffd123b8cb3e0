//! Cost Explorer: cost and usage (paginated), cost allocation tag status, forecasts.
//!
//! Cost Explorer is a global service: the SDK's endpoint rules send every region of the `aws`
//! partition to `ce.us-east-1.amazonaws.com`, so the client is built from the shared
//! `SdkConfig` like every other one. With an endpoint override everything goes there.
//! Every Cost Explorer request is billed ($0.01 per paginated request), so callers should
//! ask for exactly what they need.

use std::collections::HashSet;

use aws_config::retry::RetryConfig;
use aws_sdk_costexplorer::types::{
    CostAllocationTagStatus, DateInterval, Expression, GroupDefinition, GroupDefinitionType,
    MatchOption, TagValues,
};

use super::errors::{classify, AwsResult};
use super::{Aws, AwsError, AwsErrorKind};

/// The cost metrics tenantctl reports. Cost Explorer names them differently in
/// GetCostAndUsage (`UnblendedCost`) and GetCostForecast (`UNBLENDED_COST`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CeMetric {
    Unblended,
    Amortized,
    NetUnblended,
    NetAmortized,
    Blended,
}

impl CeMetric {
    /// Name used in GetCostAndUsage `Metrics` and in the result maps.
    pub fn usage_name(self) -> &'static str {
        match self {
            CeMetric::Unblended => "UnblendedCost",
            CeMetric::Amortized => "AmortizedCost",
            CeMetric::NetUnblended => "NetUnblendedCost",
            CeMetric::NetAmortized => "NetAmortizedCost",
            CeMetric::Blended => "BlendedCost",
        }
    }

    fn forecast_metric(self) -> aws_sdk_costexplorer::types::Metric {
        use aws_sdk_costexplorer::types::Metric;
        match self {
            CeMetric::Unblended => Metric::UnblendedCost,
            CeMetric::Amortized => Metric::AmortizedCost,
            CeMetric::NetUnblended => Metric::NetUnblendedCost,
            CeMetric::NetAmortized => Metric::NetAmortizedCost,
            CeMetric::Blended => Metric::BlendedCost,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeGranularity {
    Daily,
    Monthly,
}

impl CeGranularity {
    fn sdk(self) -> aws_sdk_costexplorer::types::Granularity {
        match self {
            CeGranularity::Daily => aws_sdk_costexplorer::types::Granularity::Daily,
            CeGranularity::Monthly => aws_sdk_costexplorer::types::Granularity::Monthly,
        }
    }
}

/// One `GroupBy` entry: a cost allocation tag key or a dimension such as `SERVICE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CeGroupBy {
    Tag(String),
    Dimension(String),
}

/// One GetCostAndUsage query. Dates are `YYYY-MM-DD`; `end` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeQuery {
    pub start: String,
    pub end: String,
    pub granularity: CeGranularity,
    pub metric: CeMetric,
    /// At most two (a Cost Explorer limit).
    pub group_by: Vec<CeGroupBy>,
}

/// An amount as Cost Explorer returned it: a decimal string and its unit (currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeAmount {
    pub amount: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeGroup {
    /// One key per `GroupBy`, in order. Tag keys come back as `Key$Value` (`Key$` = untagged).
    pub keys: Vec<String>,
    pub amount: Option<CeAmount>,
}

/// One `ResultsByTime` entry. A period can be split over several pages (its groups continue
/// on the next page), so `ce_cost_and_usage` returns the pages' entries in order and the
/// caller merges by period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CePeriod {
    pub start: String,
    pub end: String,
    pub estimated: bool,
    /// Present for ungrouped queries.
    pub total: Option<CeAmount>,
    pub groups: Vec<CeGroup>,
}

/// Activation state of one cost allocation tag key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeTagStatus {
    pub key: String,
    pub active: bool,
}

fn amount_of(
    metrics: Option<&std::collections::HashMap<String, aws_sdk_costexplorer::types::MetricValue>>,
    metric: CeMetric,
) -> Option<CeAmount> {
    let v = metrics?.get(metric.usage_name())?;
    Some(CeAmount {
        amount: v.amount.clone()?,
        unit: v.unit.clone().unwrap_or_default(),
    })
}

fn interval(op: &str, start: &str, end: &str) -> AwsResult<DateInterval> {
    DateInterval::builder()
        .start(start)
        .end(end)
        .build()
        .map_err(|e| AwsError {
            kind: AwsErrorKind::Invalid,
            op: op.to_string(),
            code: "Invalid".into(),
            message: e.to_string(),
        })
}

/// Advisory calls (tag status, forecasts) fail soft with a warning, so a minute of retries
/// would only delay the report. Two attempts absorb a single throttle.
fn advisory_retry() -> aws_sdk_costexplorer::config::Builder {
    aws_sdk_costexplorer::config::Builder::default()
        .retry_config(RetryConfig::standard().with_max_attempts(2))
}

impl Aws {
    /// GetCostAndUsage, following `NextPageToken` until the last page.
    pub async fn ce_cost_and_usage(&self, q: &CeQuery) -> AwsResult<Vec<CePeriod>> {
        let op = format!("ce:GetCostAndUsage {}..{}", q.start, q.end);
        let interval = interval(&op, &q.start, &q.end)?;
        let groups: Vec<GroupDefinition> = q
            .group_by
            .iter()
            .map(|g| match g {
                CeGroupBy::Tag(k) => GroupDefinition::builder()
                    .r#type(GroupDefinitionType::Tag)
                    .key(k)
                    .build(),
                CeGroupBy::Dimension(k) => GroupDefinition::builder()
                    .r#type(GroupDefinitionType::Dimension)
                    .key(k)
                    .build(),
            })
            .collect();
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        let mut seen = HashSet::new();
        loop {
            let resp = self
                .ce
                .get_cost_and_usage()
                .time_period(interval.clone())
                .granularity(q.granularity.sdk())
                .metrics(q.metric.usage_name())
                .set_group_by(if groups.is_empty() {
                    None
                } else {
                    Some(groups.clone())
                })
                .set_next_page_token(token.clone())
                .send()
                .await
                .map_err(|e| classify(op.clone(), e))?;
            for r in resp.results_by_time.unwrap_or_default() {
                let (start, end) = r.time_period.map(|t| (t.start, t.end)).unwrap_or_default();
                out.push(CePeriod {
                    start,
                    end,
                    estimated: r.estimated,
                    total: amount_of(r.total.as_ref(), q.metric),
                    groups: r
                        .groups
                        .unwrap_or_default()
                        .into_iter()
                        .map(|g| CeGroup {
                            keys: g.keys.unwrap_or_default(),
                            amount: amount_of(g.metrics.as_ref(), q.metric),
                        })
                        .collect(),
                });
            }
            match resp.next_page_token.filter(|t| !t.is_empty()) {
                // A token handed out twice would loop forever (and bill every lap).
                Some(t) if !seen.insert(t.clone()) => {
                    return Err(AwsError {
                        kind: AwsErrorKind::Other,
                        op,
                        code: "RepeatedPageToken".into(),
                        message: format!("NextPageToken {t:?} was returned twice"),
                    })
                }
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(out)
    }

    /// Activation status of the given user-defined tag keys. Keys Cost Explorer has never seen
    /// in billing data are absent from the answer (and reported as inactive here).
    pub async fn ce_cost_allocation_tags(&self, keys: &[&str]) -> AwsResult<Vec<CeTagStatus>> {
        let mut found: Vec<CeTagStatus> = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let resp = self
                .ce
                .list_cost_allocation_tags()
                .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
                .set_next_token(token.clone())
                .customize()
                .config_override(advisory_retry())
                .send()
                .await
                .map_err(|e| classify("ce:ListCostAllocationTags", e))?;
            for t in resp.cost_allocation_tags.unwrap_or_default() {
                found.push(CeTagStatus {
                    active: t.status == CostAllocationTagStatus::Active,
                    key: t.tag_key,
                });
            }
            match resp
                .next_token
                .filter(|t| !t.is_empty() && Some(t) != token.as_ref())
            {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(keys
            .iter()
            .map(|k| CeTagStatus {
                key: k.to_string(),
                active: found.iter().any(|f| f.key == *k && f.active),
            })
            .collect())
    }

    /// UpdateCostAllocationTagsStatus: activate `keys` (at most 20 per request). Keys AWS has
    /// not seen on any cost yet are returned in `Errors`: they are reported, not retried.
    pub async fn ce_activate_tags(&self, keys: &[String]) -> AwsResult<Vec<(String, String)>> {
        use aws_sdk_costexplorer::types::CostAllocationTagStatusEntry;
        let mut failed = Vec::new();
        for chunk in keys.chunks(20) {
            let entries = chunk
                .iter()
                .map(|k| {
                    CostAllocationTagStatusEntry::builder()
                        .tag_key(k)
                        .status(CostAllocationTagStatus::Active)
                        .build()
                })
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| AwsError {
                    kind: AwsErrorKind::Invalid,
                    op: "ce:UpdateCostAllocationTagsStatus".into(),
                    code: "Invalid".into(),
                    message: e.to_string(),
                })?;
            let out = self
                .ce
                .update_cost_allocation_tags_status()
                .set_cost_allocation_tags_status(Some(entries))
                .send()
                .await
                .map_err(|e| classify("ce:UpdateCostAllocationTagsStatus", e))?;
            for e in out.errors.unwrap_or_default() {
                failed.push((
                    e.tag_key.unwrap_or_default(),
                    e.message.or(e.code).unwrap_or_default(),
                ));
            }
        }
        Ok(failed)
    }

    /// GetCostForecast (mean) for `start..end` of cost carrying tag `tag_key = tag_value`.
    /// `Ok(None)` when Cost Explorer has too little history to forecast (DataUnavailable).
    pub async fn ce_cost_forecast(
        &self,
        start: &str,
        end: &str,
        metric: CeMetric,
        tag_key: &str,
        tag_value: &str,
    ) -> AwsResult<Option<CeAmount>> {
        let op = format!("ce:GetCostForecast {tag_key}={tag_value}");
        let interval = interval(&op, start, end)?;
        let filter = Expression::builder()
            .tags(
                TagValues::builder()
                    .key(tag_key)
                    .values(tag_value)
                    .match_options(MatchOption::Equals)
                    .build(),
            )
            .build();
        let resp = self
            .ce
            .get_cost_forecast()
            .time_period(interval)
            .metric(metric.forecast_metric())
            .granularity(aws_sdk_costexplorer::types::Granularity::Monthly)
            .filter(filter)
            .customize()
            .config_override(advisory_retry())
            .send()
            .await;
        match resp {
            Ok(r) => Ok(r.total.and_then(|t| {
                Some(CeAmount {
                    amount: t.amount?,
                    unit: t.unit.unwrap_or_default(),
                })
            })),
            Err(e) => {
                let e = classify(op, e);
                if e.code == "DataUnavailableException" {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}
