//! AgentCore Memory long-term records: what the memory's strategies extracted from a tenant's
//! events (facts, summaries, preferences), stored under namespaces. They are tenant data as
//! much as the events are (derived health data), so offboarding and erasure archive and delete
//! them too. Like events, they are handed up as typed values and never logged.

use std::collections::BTreeMap;

use aws_sdk_bedrockagentcore::types::{
    MemoryContent, MemoryRecordCreateInput, MemoryRecordDeleteInput, MemoryRecordMetadataValue,
    MemoryRecordOutput, MemoryRecordSummary,
};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use serde::{Deserialize, Serialize};

use super::errors::{classify, AwsError, AwsErrorKind, AwsResult};
use super::Aws;

/// The most records one BatchCreate/BatchDeleteMemoryRecords call takes.
const BATCH: usize = 100;

/// One long-term memory record, everything BatchCreateMemoryRecords needs to recreate it. The
/// archive stores one per line (`memory/records.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryRecord {
    pub record_id: String,
    pub strategy_id: String,
    pub namespaces: Vec<String>,
    /// RFC 3339, millisecond precision: the record's timestamp (its creation time when the
    /// service gives none).
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Metadata values as tagged JSON (`{"string": ..}`, `{"number": ..}`,
    /// `{"string_list": [..]}`, `{"date_time": ".."}`), so each kind comes back as it was.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, serde_json::Value>,
}

fn invalid(op: &str, code: &str, message: String) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Invalid,
        op: op.to_string(),
        code: code.into(),
        message,
    }
}

fn rfc3339(t: &DateTime) -> String {
    DateTime::from_millis(t.to_millis().unwrap_or(0))
        .fmt(Format::DateTime)
        .unwrap_or_default()
}

fn metadata_to_json(op: &str, v: &MemoryRecordMetadataValue) -> AwsResult<serde_json::Value> {
    use serde_json::json;
    Ok(match v {
        MemoryRecordMetadataValue::StringValue(s) => json!({ "string": s }),
        MemoryRecordMetadataValue::NumberValue(n) => json!({ "number": n }),
        MemoryRecordMetadataValue::StringListValue(l) => json!({ "string_list": l }),
        MemoryRecordMetadataValue::DateTimeValue(t) => json!({ "date_time": rfc3339(t) }),
        _ => {
            return Err(invalid(
                op,
                "UnsupportedMetadata",
                "a memory record metadata value of a newer kind: this tenantctl cannot archive it faithfully; upgrade tenantctl".into(),
            ))
        }
    })
}

fn metadata_from_json(op: &str, v: &serde_json::Value) -> AwsResult<MemoryRecordMetadataValue> {
    let bad = || invalid(op, "InvalidArchivedRecord", format!("metadata value {v}"));
    let (kind, val) = v
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.iter().next())
        .ok_or_else(bad)?;
    Ok(match kind.as_str() {
        "string" => MemoryRecordMetadataValue::StringValue(val.as_str().ok_or_else(bad)?.into()),
        "number" => MemoryRecordMetadataValue::NumberValue(val.as_f64().ok_or_else(bad)?),
        "string_list" => MemoryRecordMetadataValue::StringListValue(
            val.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|s| s.as_str().map(str::to_string).ok_or_else(bad))
                .collect::<AwsResult<_>>()?,
        ),
        "date_time" => MemoryRecordMetadataValue::DateTimeValue(
            DateTime::from_str(val.as_str().ok_or_else(bad)?, Format::DateTime)
                .map_err(|_| bad())?,
        ),
        _ => return Err(bad()),
    })
}

fn record_from(op: &str, s: MemoryRecordSummary) -> AwsResult<MemoryRecord> {
    let text = match s.content {
        None => None,
        Some(MemoryContent::Text(t)) => Some(t),
        Some(_) => {
            return Err(invalid(
                op,
                "UnsupportedContent",
                "memory record content of a newer kind: this tenantctl cannot archive it faithfully; upgrade tenantctl".into(),
            ))
        }
    };
    let metadata = s
        .metadata
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| Ok((k.clone(), metadata_to_json(op, v)?)))
        .collect::<AwsResult<_>>()?;
    Ok(MemoryRecord {
        record_id: s.memory_record_id,
        strategy_id: s.memory_strategy_id,
        namespaces: s.namespaces,
        timestamp: rfc3339(s.timestamp.as_ref().unwrap_or(&s.created_at)),
        text,
        metadata,
    })
}

fn create_input(op: &str, token: &str, r: &MemoryRecord) -> AwsResult<MemoryRecordCreateInput> {
    let ts = DateTime::from_str(&r.timestamp, Format::DateTime).map_err(|e| {
        invalid(
            op,
            "InvalidArchivedRecord",
            format!("timestamp {:?}: {e}", r.timestamp),
        )
    })?;
    let mut b = MemoryRecordCreateInput::builder()
        .request_identifier(token)
        .set_namespaces(Some(r.namespaces.clone()))
        .set_content(r.text.clone().map(MemoryContent::Text))
        .timestamp(ts)
        .memory_strategy_id(&r.strategy_id);
    for (k, v) in &r.metadata {
        b = b.metadata(k, metadata_from_json(op, v)?);
    }
    b.build()
        .map_err(|e| invalid(op, "InvalidArchivedRecord", e.to_string()))
}

/// The failed entries of a batch answer as one error (none: Ok).
fn batch_failures(op: &str, failed: &[MemoryRecordOutput]) -> AwsResult<()> {
    let Some(first) = failed.first() else {
        return Ok(());
    };
    Err(AwsError {
        kind: AwsErrorKind::Other,
        op: op.into(),
        code: "BatchPartiallyFailed".into(),
        message: format!(
            "{} record(s) failed (first: {} {}: {})",
            failed.len(),
            first.memory_record_id,
            first.error_code.unwrap_or_default(),
            first.error_message.as_deref().unwrap_or("no message")
        ),
    })
}

impl Aws {
    /// Every long-term record in a namespace starting with `prefix` (ListMemoryRecords takes
    /// a namespace prefix), all pages.
    pub async fn memory_records(
        &self,
        memory_id: &str,
        prefix: &str,
    ) -> AwsResult<Vec<MemoryRecord>> {
        let op = "bedrock-agentcore:ListMemoryRecords";
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let r = self
                .agentcore
                .list_memory_records()
                .memory_id(memory_id)
                .namespace(prefix)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify(op, e))?;
            for s in r.memory_record_summaries {
                out.push(record_from(op, s)?);
            }
            token = r.next_token.filter(|t| !t.is_empty());
            if token.is_none() {
                return Ok(out);
            }
        }
    }

    /// Create records like `records` (their ids are the service's), 100 a call; `tokens`
    /// are the request identifiers, one per record.
    pub async fn memory_create_records(
        &self,
        memory_id: &str,
        records: &[(String, &MemoryRecord)],
    ) -> AwsResult<()> {
        let op = "bedrock-agentcore:BatchCreateMemoryRecords";
        for chunk in records.chunks(BATCH) {
            let inputs = chunk
                .iter()
                .map(|(token, r)| create_input(op, token, r))
                .collect::<AwsResult<Vec<_>>>()?;
            let o = self
                .agentcore
                .batch_create_memory_records()
                .memory_id(memory_id)
                .set_records(Some(inputs))
                .send()
                .await
                .map_err(|e| classify(op, e))?;
            batch_failures(op, o.failed_records())?;
        }
        Ok(())
    }

    /// Delete records by id, 100 a call. A record that is gone already is not an error.
    pub async fn memory_delete_records(&self, memory_id: &str, ids: &[&str]) -> AwsResult<()> {
        let op = "bedrock-agentcore:BatchDeleteMemoryRecords";
        for chunk in ids.chunks(BATCH) {
            let inputs = chunk
                .iter()
                .map(|id| {
                    MemoryRecordDeleteInput::builder()
                        .memory_record_id(*id)
                        .build()
                        .map_err(|e| invalid(op, "InvalidRecordId", e.to_string()))
                })
                .collect::<AwsResult<Vec<_>>>()?;
            let o = self
                .agentcore
                .batch_delete_memory_records()
                .memory_id(memory_id)
                .set_records(Some(inputs))
                .send()
                .await
                .map_err(|e| classify(op, e))?;
            let failed: Vec<MemoryRecordOutput> = o
                .failed_records()
                .iter()
                .filter(|f| f.error_code != Some(404))
                .cloned()
                .collect();
            batch_failures(op, &failed)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_of_every_kind_round_trips_through_the_archive_form() {
        let vs = [
            MemoryRecordMetadataValue::StringValue("a".into()),
            MemoryRecordMetadataValue::NumberValue(1.5),
            MemoryRecordMetadataValue::StringListValue(vec!["x".into(), "y".into()]),
            MemoryRecordMetadataValue::DateTimeValue(DateTime::from_millis(1_767_225_600_123)),
        ];
        for v in vs {
            let j = metadata_to_json("t", &v).unwrap();
            assert_eq!(metadata_from_json("t", &j).unwrap(), v, "{j}");
        }
        assert!(metadata_from_json("t", &serde_json::json!({"blob": 1})).is_err());
    }
}
