//! SSM Parameter Store: the tenant registry and tier parameters.

use aws_sdk_ssm::types::{ParameterType, Tag};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub name: String,
    pub value: String,
    pub version: i64,
}

impl Aws {
    pub async fn ssm_get(&self, name: &str) -> AwsResult<Option<Parameter>> {
        self.ssm
            .get_parameter()
            .name(name)
            .send()
            .await
            .map_err(|e| classify(format!("ssm:GetParameter {name}"), e))
            .optional()
            .map(|o| {
                o.and_then(|out| out.parameter).map(|p| Parameter {
                    name: p.name.unwrap_or_default(),
                    value: p.value.unwrap_or_default(),
                    version: p.version,
                })
            })
    }

    /// Create or overwrite a String parameter. With `overwrite = false` a concurrent creator
    /// makes this fail with `AlreadyExists` (used for conditional creates).
    pub async fn ssm_put(
        &self,
        name: &str,
        value: &str,
        overwrite: bool,
        tags: &[(String, String)],
    ) -> AwsResult<i64> {
        let mut req = self
            .ssm
            .put_parameter()
            .name(name)
            .value(value)
            .r#type(ParameterType::String)
            .overwrite(overwrite);
        // Tags can only be given on create (AWS rejects Tags together with Overwrite=true).
        if !overwrite {
            for (k, v) in tags {
                req = req.tags(
                    Tag::builder()
                        .key(k)
                        .value(v)
                        .build()
                        .expect("tag key and value set"),
                );
            }
        }
        req.send()
            .await
            .map(|o| o.version)
            .map_err(|e| classify(format!("ssm:PutParameter {name}"), e))
    }

    /// Create or overwrite a SecureString parameter holding an API key's value (never logged).
    pub async fn ssm_put_api_key(
        &self,
        name: &str,
        value: &super::apigateway::ApiKeyValue,
    ) -> AwsResult<i64> {
        self.ssm
            .put_parameter()
            .name(name)
            .value(value.expose())
            .r#type(ParameterType::SecureString)
            .overwrite(true)
            .send()
            .await
            .map(|o| o.version)
            .map_err(|e| classify(format!("ssm:PutParameter {name}"), e))
    }

    /// All parameters below `path`, recursively, following pagination.
    /// The parameters below `path` from the page `token` names (None: the first) on, at most
    /// `max_pages` pages (None: to the end), 10 a page, and the token of the page after the
    /// last one read (None: there is none), so a caller can stop early and go on later.
    pub async fn ssm_get_by_path_pages(
        &self,
        path: &str,
        mut token: Option<String>,
        max_pages: Option<usize>,
    ) -> AwsResult<(Vec<Parameter>, Option<String>)> {
        let mut out = Vec::new();
        let mut pages = 0;
        loop {
            let page = self
                .ssm
                .get_parameters_by_path()
                .path(path)
                .recursive(true)
                .max_results(10)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify(format!("ssm:GetParametersByPath {path}"), e))?;
            out.extend(
                page.parameters
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| Parameter {
                        name: p.name.unwrap_or_default(),
                        value: p.value.unwrap_or_default(),
                        version: p.version,
                    }),
            );
            token = page.next_token.filter(|t| !t.is_empty());
            pages += 1;
            if token.is_none() || max_pages.is_some_and(|m| pages >= m) {
                return Ok((out, token));
            }
        }
    }

    pub async fn ssm_get_by_path(&self, path: &str) -> AwsResult<Vec<Parameter>> {
        Ok(self.ssm_get_by_path_pages(path, None, None).await?.0)
    }

    /// Delete one parameter; a missing one is not an error (idempotent).
    pub async fn ssm_delete(&self, name: &str) -> AwsResult<bool> {
        self.ssm
            .delete_parameter()
            .name(name)
            .send()
            .await
            .map_err(|e| classify(format!("ssm:DeleteParameter {name}"), e))
            .optional()
            .map(|o| o.is_some())
    }
}
