//! API Gateway: one usage plan per tier, one API key per tenant on its tier's plan.
//! API key values are secrets: they travel only in [`ApiKeyValue`], whose `Debug` is redacted.

use aws_sdk_apigateway::types::{
    Op, PatchOperation, QuotaPeriodType, QuotaSettings, ThrottleSettings,
};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

/// An API key's value. Never printed, logged or serialised: `Debug` shows a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeyValue(String);

impl ApiKeyValue {
    /// The secret itself, for the one place that stores it (an SSM SecureString).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKeyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKeyValue(<redacted>)")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UsagePlanInfo {
    pub id: String,
    pub name: String,
    pub rate: Option<f64>,
    pub burst: Option<i32>,
    /// Monthly quota (`None` when the plan has none, or a quota of another period).
    pub quota: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    pub enabled: bool,
}

fn patch(path: &str, value: String) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

impl Aws {
    pub async fn apigw_usage_plans(&self) -> AwsResult<Vec<UsagePlanInfo>> {
        let mut out = Vec::new();
        let mut pages = self
            .apigateway
            .get_usage_plans()
            .limit(500)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify("apigateway:GetUsagePlans", e))?;
            for u in p.items.unwrap_or_default() {
                let monthly = u
                    .quota
                    .as_ref()
                    .filter(|q| q.period == Some(QuotaPeriodType::Month));
                out.push(UsagePlanInfo {
                    id: u.id.unwrap_or_default(),
                    name: u.name.unwrap_or_default(),
                    rate: u.throttle.as_ref().map(|t| t.rate_limit),
                    burst: u.throttle.as_ref().map(|t| t.burst_limit),
                    quota: monthly.map(|q| q.limit),
                });
            }
        }
        Ok(out)
    }

    pub async fn apigw_create_usage_plan(
        &self,
        name: &str,
        rate: f64,
        burst: i32,
        quota: i32,
        tags: &[(String, String)],
    ) -> AwsResult<String> {
        let mut req = self
            .apigateway
            .create_usage_plan()
            .name(name)
            .description("tenantctl: per-tenant limits of one tier")
            .throttle(
                ThrottleSettings::builder()
                    .rate_limit(rate)
                    .burst_limit(burst)
                    .build(),
            )
            .quota(
                QuotaSettings::builder()
                    .limit(quota)
                    .period(QuotaPeriodType::Month)
                    .build(),
            );
        for (k, v) in tags {
            req = req.tags(k, v);
        }
        let o = req
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:CreateUsagePlan {name}"), e))?;
        Ok(o.id.unwrap_or_default())
    }

    pub async fn apigw_update_usage_plan(
        &self,
        id: &str,
        rate: f64,
        burst: i32,
        quota: i32,
    ) -> AwsResult<()> {
        self.apigateway
            .update_usage_plan()
            .usage_plan_id(id)
            .patch_operations(patch("/throttle/rateLimit", rate.to_string()))
            .patch_operations(patch("/throttle/burstLimit", burst.to_string()))
            .patch_operations(patch("/quota/limit", quota.to_string()))
            .patch_operations(patch("/quota/period", "MONTH".into()))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("apigateway:UpdateUsagePlan {id}"), e))
    }

    /// API keys whose name starts with `prefix` (without their values).
    pub async fn apigw_api_keys(&self, prefix: &str) -> AwsResult<Vec<ApiKeyInfo>> {
        let mut out = Vec::new();
        let mut pages = self
            .apigateway
            .get_api_keys()
            .name_query(prefix)
            .include_values(false)
            .limit(500)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify("apigateway:GetApiKeys", e))?;
            for k in p.items.unwrap_or_default() {
                let name = k.name.unwrap_or_default();
                if name.starts_with(prefix) {
                    out.push(ApiKeyInfo {
                        id: k.id.unwrap_or_default(),
                        name,
                        enabled: k.enabled,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Create an enabled API key; its value is returned for storing, never shown.
    pub async fn apigw_create_api_key(
        &self,
        name: &str,
        tags: &[(String, String)],
    ) -> AwsResult<(String, ApiKeyValue)> {
        let mut req = self
            .apigateway
            .create_api_key()
            .name(name)
            .description("tenantctl: the tenant's key on its tier's usage plan")
            .enabled(true);
        for (k, v) in tags {
            req = req.tags(k, v);
        }
        let o = req
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:CreateApiKey {name}"), e))?;
        Ok((
            o.id.unwrap_or_default(),
            ApiKeyValue(o.value.unwrap_or_default()),
        ))
    }

    /// An existing key's value (to store it again after a crash between create and store).
    pub async fn apigw_api_key_value(&self, id: &str) -> AwsResult<ApiKeyValue> {
        let o = self
            .apigateway
            .get_api_key()
            .api_key(id)
            .include_value(true)
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:GetApiKey {id}"), e))?;
        Ok(ApiKeyValue(o.value.unwrap_or_default()))
    }

    pub async fn apigw_set_api_key_enabled(&self, id: &str, enabled: bool) -> AwsResult<()> {
        self.apigateway
            .update_api_key()
            .api_key(id)
            .patch_operations(patch("/enabled", enabled.to_string()))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("apigateway:UpdateApiKey {id}"), e))
    }

    /// Delete a key; `false` when it was already gone.
    pub async fn apigw_delete_api_key(&self, id: &str) -> AwsResult<bool> {
        self.apigateway
            .delete_api_key()
            .api_key(id)
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:DeleteApiKey {id}"), e))
            .optional()
            .map(|o| o.is_some())
    }

    /// Ids of the API keys on a usage plan.
    pub async fn apigw_plan_keys(&self, plan: &str) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut pages = self
            .apigateway
            .get_usage_plan_keys()
            .usage_plan_id(plan)
            .limit(500)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify(format!("apigateway:GetUsagePlanKeys {plan}"), e))?;
            out.extend(p.items.unwrap_or_default().into_iter().filter_map(|k| k.id));
        }
        Ok(out)
    }

    pub async fn apigw_add_plan_key(&self, plan: &str, key: &str) -> AwsResult<()> {
        self.apigateway
            .create_usage_plan_key()
            .usage_plan_id(plan)
            .key_id(key)
            .key_type("API_KEY")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("apigateway:CreateUsagePlanKey {plan} {key}"), e))
    }

    /// Remove a key from a plan; `false` when it was not on it.
    pub async fn apigw_remove_plan_key(&self, plan: &str, key: &str) -> AwsResult<bool> {
        self.apigateway
            .delete_usage_plan_key()
            .usage_plan_id(plan)
            .key_id(key)
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:DeleteUsagePlanKey {plan} {key}"), e))
            .optional()
            .map(|o| o.is_some())
    }

    /// Requests a key made on a plan between two dates (`YYYY-MM-DD`), summed over the days;
    /// `None` when the service does not report usage.
    pub async fn apigw_usage(
        &self,
        plan: &str,
        key: &str,
        start: &str,
        end: &str,
    ) -> AwsResult<Option<i64>> {
        let o = self
            .apigateway
            .get_usage()
            .usage_plan_id(plan)
            .key_id(key)
            .start_date(start)
            .end_date(end)
            .send()
            .await
            .map_err(|e| classify(format!("apigateway:GetUsage {plan} {key}"), e))
            .optional()?;
        Ok(o.map(|o| {
            o.items
                .unwrap_or_default()
                .get(key)
                .map(|days| days.iter().filter_map(|d| d.first()).sum())
                .unwrap_or(0)
        }))
    }
}
