//! Athena: run one query and read its result set (StartQueryExecution → GetQueryExecution
//! until it finishes → GetQueryResults, every page). Athena bills by data scanned, not by
//! request; the caller keeps the query to the columns and partitions it needs.

use std::time::Duration;

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};

use super::errors::{classify, AwsResult};
use super::{Aws, AwsError, AwsErrorKind};

/// Where and how a query runs.
#[derive(Debug, Clone)]
pub struct AthenaTarget {
    pub database: String,
    pub catalog: Option<String>,
    pub workgroup: String,
    /// `s3://…/` for results; `None` when the workgroup has one.
    pub output_location: Option<String>,
}

/// A finished query: its id, the column names, the data rows (header row removed) and the
/// bytes it scanned.
#[derive(Debug, Clone, Default)]
pub struct AthenaResult {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    pub scanned_bytes: i64,
}

impl Aws {
    /// Run `sql` and wait for its rows. Polls every 250 ms at first, backing off to 2 s;
    /// gives up after `timeout` (the query keeps running in Athena: its id is in the error).
    pub async fn athena_query(
        &self,
        sql: &str,
        t: &AthenaTarget,
        timeout: Duration,
    ) -> AwsResult<AthenaResult> {
        let id = self.athena_start(sql, t).await?;
        let scanned = self.athena_wait(&id, timeout).await?;
        let mut out = AthenaResult {
            id: id.clone(),
            scanned_bytes: scanned,
            ..AthenaResult::default()
        };
        self.athena_read_results(&id, &mut out).await?;
        Ok(out)
    }

    /// StartQueryExecution; the query's id.
    async fn athena_start(&self, sql: &str, t: &AthenaTarget) -> AwsResult<String> {
        let op = format!("athena:StartQueryExecution (workgroup {})", t.workgroup);
        let mut ctx = QueryExecutionContext::builder().database(&t.database);
        if let Some(c) = &t.catalog {
            ctx = ctx.catalog(c);
        }
        let started = self
            .athena
            .start_query_execution()
            .query_string(sql)
            .query_execution_context(ctx.build())
            .work_group(&t.workgroup)
            .set_result_configuration(
                t.output_location
                    .as_ref()
                    .map(|o| ResultConfiguration::builder().output_location(o).build()),
            )
            .send()
            .await
            .map_err(|e| classify(op.clone(), e))?;
        Ok(started.query_execution_id.unwrap_or_default())
    }

    /// Polls GetQueryExecution until the query succeeds (its scanned bytes), fails, or
    /// `timeout` passes.
    async fn athena_wait(&self, id: &str, timeout: Duration) -> AwsResult<i64> {
        let op = format!("athena:GetQueryExecution {id}");
        let deadline = tokio::time::Instant::now() + timeout;
        let mut wait = Duration::from_millis(250);
        loop {
            let q = self
                .athena
                .get_query_execution()
                .query_execution_id(id)
                .send()
                .await
                .map_err(|e| classify(op.clone(), e))?;
            let ex = q.query_execution;
            let status = ex.as_ref().and_then(|e| e.status.clone());
            let state = status.as_ref().and_then(|s| s.state.clone());
            match state {
                Some(QueryExecutionState::Succeeded) => {
                    return Ok(ex
                        .and_then(|e| e.statistics)
                        .and_then(|s| s.data_scanned_in_bytes)
                        .unwrap_or(0));
                }
                Some(QueryExecutionState::Failed) | Some(QueryExecutionState::Cancelled) => {
                    return Err(AwsError {
                        kind: AwsErrorKind::Invalid,
                        op,
                        code: state.map(|s| s.as_str().to_string()).unwrap_or_default(),
                        message: status
                            .and_then(|s| s.state_change_reason)
                            .unwrap_or_default(),
                    });
                }
                _ => {}
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(AwsError {
                    kind: AwsErrorKind::Transient,
                    op,
                    code: "Timeout".into(),
                    message: format!(
                        "query {id} still running after {}s (it keeps running in Athena)",
                        timeout.as_secs()
                    ),
                });
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(2));
        }
    }

    /// GetQueryResults, every page: the column names and the data rows into `out`.
    async fn athena_read_results(&self, id: &str, out: &mut AthenaResult) -> AwsResult<()> {
        let op = format!("athena:GetQueryResults {id}");
        let mut token: Option<String> = None;
        let mut first = true;
        loop {
            let page = self
                .athena
                .get_query_results()
                .query_execution_id(id)
                .set_next_token(token.clone())
                .max_results(1000)
                .send()
                .await
                .map_err(|e| classify(op.clone(), e))?;
            let Some(set) = page.result_set else { break };
            if out.columns.is_empty() {
                out.columns = set
                    .result_set_metadata
                    .and_then(|m| m.column_info)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| c.name)
                    .collect();
            }
            for (i, r) in set.rows.unwrap_or_default().into_iter().enumerate() {
                let cells: Vec<Option<String>> = r
                    .data
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| d.var_char_value)
                    .collect();
                // A SELECT's first row on the first page repeats the column names.
                if first && i == 0 {
                    let names: Vec<Option<String>> =
                        out.columns.iter().cloned().map(Some).collect();
                    if cells == names {
                        continue;
                    }
                }
                out.rows.push(cells);
            }
            first = false;
            match page.next_token.filter(|t| !t.is_empty()) {
                Some(t) if Some(&t) != token.as_ref() => token = Some(t),
                _ => break,
            }
        }
        Ok(())
    }
}
