//! Amazon Bedrock AgentCore Memory: the platform's memory (control plane: create, read, tag,
//! update its event expiry) and its short-term memory events (data plane: actors, sessions,
//! events). Events are tenant data (health data): this module hands them up as typed values
//! and never logs a payload; callers print counts and digests only.

use std::collections::BTreeMap;

use aws_sdk_bedrockagentcore::types::{
    Branch, Content, Conversational, MemoryJsonData, MetadataValue, PayloadType, Role,
};
use aws_sdk_bedrockagentcorecontrol::types::{
    MemoryStrategyInput, SemanticMemoryStrategyInput, SummaryMemoryStrategyInput,
    UserPreferenceMemoryStrategyInput,
};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::{DateTime, Document, Number};
use serde::{Deserialize, Serialize};

use super::errors::{classify, AwsError, AwsErrorKind, AwsResult, OptionalExt};
use super::Aws;

/// The platform's memory as the control plane describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryInfo {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub status: String,
    pub event_expiry_days: i32,
    pub strategies: Vec<StrategyInfo>,
}

/// One long-term memory strategy: its kind (`semantic`, `summary`, `user_preference`, ...),
/// name and namespace templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyInfo {
    pub kind: String,
    pub name: String,
    pub namespaces: Vec<String>,
}

/// A strategy to create: kind as in the config (`semantic`, `summary`, `user_preference`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategySpec {
    pub kind: String,
    pub name: String,
    pub namespaces: Vec<String>,
}

/// One item of an event's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    Conversational {
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    Blob(serde_json::Value),
    Json(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventBranch {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_event_id: Option<String>,
}

/// One short-term memory event, everything CreateEvent needs to recreate it. The archive
/// stores one per line (`memory/events.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryEvent {
    pub actor_id: String,
    pub session_id: String,
    pub event_id: String,
    /// RFC 3339, millisecond precision.
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<EventBranch>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    pub payload: Vec<Payload>,
}

fn doc_to_json(d: &Document) -> serde_json::Value {
    use serde_json::Value;
    match d {
        Document::Object(m) => {
            let sorted: BTreeMap<&String, &Document> = m.iter().collect();
            Value::Object(
                sorted
                    .into_iter()
                    .map(|(k, v)| (k.clone(), doc_to_json(v)))
                    .collect(),
            )
        }
        Document::Array(a) => Value::Array(a.iter().map(doc_to_json).collect()),
        Document::Number(Number::PosInt(n)) => Value::from(*n),
        Document::Number(Number::NegInt(n)) => Value::from(*n),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Null => Value::Null,
    }
}

fn json_to_doc(v: &serde_json::Value) -> Document {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            Document::Object(m.iter().map(|(k, v)| (k.clone(), json_to_doc(v))).collect())
        }
        Value::Array(a) => Document::Array(a.iter().map(json_to_doc).collect()),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(0.0))
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Bool(b) => Document::Bool(*b),
        Value::Null => Document::Null,
    }
}

fn unrepresentable(op: &str, what: &str) -> AwsError {
    AwsError {
        kind: AwsErrorKind::Invalid,
        op: op.to_string(),
        code: "UnsupportedPayload".into(),
        message: format!("{what}: this tenantctl cannot archive it faithfully; upgrade tenantctl"),
    }
}

fn payload_from_sdk(op: &str, p: &PayloadType) -> AwsResult<Payload> {
    Ok(match p {
        PayloadType::Conversational(c) => Payload::Conversational {
            role: c.role.as_str().to_string(),
            text: match &c.content {
                None => None,
                Some(Content::Text(t)) => Some(t.clone()),
                Some(_) => return Err(unrepresentable(op, "an event content of a newer kind")),
            },
        },
        PayloadType::Blob(d) => Payload::Blob(doc_to_json(d)),
        PayloadType::Json(j) => Payload::Json(doc_to_json(&j.content)),
        _ => return Err(unrepresentable(op, "an event payload of a newer kind")),
    })
}

fn payload_to_sdk(op: &str, p: &Payload) -> AwsResult<PayloadType> {
    let invalid = |m: String| AwsError {
        kind: AwsErrorKind::Invalid,
        op: op.to_string(),
        code: "InvalidArchivedEvent".into(),
        message: m,
    };
    Ok(match p {
        Payload::Conversational { role, text } => PayloadType::Conversational(
            Conversational::builder()
                .role(Role::from(role.as_str()))
                .set_content(text.clone().map(Content::Text))
                .build()
                .map_err(|e| invalid(e.to_string()))?,
        ),
        Payload::Blob(v) => PayloadType::Blob(json_to_doc(v)),
        Payload::Json(v) => PayloadType::Json(
            MemoryJsonData::builder()
                .content(json_to_doc(v))
                .build()
                .map_err(|e| invalid(e.to_string()))?,
        ),
    })
}

fn millis(t: &DateTime) -> String {
    let ms = t.to_millis().unwrap_or(0);
    DateTime::from_millis(ms)
        .fmt(Format::DateTime)
        .unwrap_or_default()
}

fn strategy_input(s: &StrategySpec) -> Option<MemoryStrategyInput> {
    // `namespaces` is the field every AgentCore Memory API version reads (newer ones also take
    // `namespaceTemplates`, documented as its successor); reading accepts both.
    #[allow(deprecated)]
    let input = match s.kind.as_str() {
        "semantic" => MemoryStrategyInput::SemanticMemoryStrategy(
            SemanticMemoryStrategyInput::builder()
                .name(&s.name)
                .set_namespaces(Some(s.namespaces.clone()))
                .build()
                .ok()?,
        ),
        "summary" => MemoryStrategyInput::SummaryMemoryStrategy(
            SummaryMemoryStrategyInput::builder()
                .name(&s.name)
                .set_namespaces(Some(s.namespaces.clone()))
                .build()
                .ok()?,
        ),
        "user_preference" => MemoryStrategyInput::UserPreferenceMemoryStrategy(
            UserPreferenceMemoryStrategyInput::builder()
                .name(&s.name)
                .set_namespaces(Some(s.namespaces.clone()))
                .build()
                .ok()?,
        ),
        _ => return None,
    };
    Some(input)
}

fn info_from(m: aws_sdk_bedrockagentcorecontrol::types::Memory) -> MemoryInfo {
    use aws_sdk_bedrockagentcorecontrol::types::MemoryStrategyType as T;
    MemoryInfo {
        id: m.id,
        arn: m.arn,
        name: m.name,
        status: m.status.as_str().to_string(),
        event_expiry_days: m.event_expiry_duration,
        strategies: m
            .strategies
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                #[allow(deprecated)]
                let namespaces = if s.namespace_templates.is_empty() {
                    s.namespaces
                } else {
                    s.namespace_templates
                };
                StrategyInfo {
                    kind: match &s.r#type {
                        T::Semantic => "semantic".into(),
                        T::Summarization => "summary".into(),
                        T::UserPreference => "user_preference".into(),
                        other => other.as_str().to_ascii_lowercase(),
                    },
                    name: s.name,
                    namespaces,
                }
            })
            .collect(),
    }
}

impl Aws {
    /// The memory of that name (ListMemories does not return names: each is read).
    pub async fn memory_find(&self, name: &str) -> AwsResult<Option<MemoryInfo>> {
        let mut token = None;
        loop {
            let out = self
                .agentcore_control
                .list_memories()
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify("bedrock-agentcore:ListMemories", e))?;
            for s in out.memories {
                let Some(id) = s.id else { continue };
                if let Some(m) = self.memory_get(&id).await? {
                    if m.name == name {
                        return Ok(Some(m));
                    }
                }
            }
            token = out.next_token;
            if token.is_none() {
                return Ok(None);
            }
        }
    }

    pub async fn memory_get(&self, id: &str) -> AwsResult<Option<MemoryInfo>> {
        self.agentcore_control
            .get_memory()
            .memory_id(id)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:GetMemory {id}"), e))
            .optional()
            .map(|o| o.and_then(|o| o.memory).map(info_from))
    }

    pub async fn memory_create(
        &self,
        name: &str,
        event_expiry_days: i32,
        strategies: &[StrategySpec],
        tags: &[(String, String)],
    ) -> AwsResult<MemoryInfo> {
        let op = format!("bedrock-agentcore:CreateMemory {name}");
        let mut req = self
            .agentcore_control
            .create_memory()
            .name(name)
            .event_expiry_duration(event_expiry_days)
            .description("tenant conversation memory (managed by tenantctl)");
        for s in strategies {
            let input = strategy_input(s).ok_or_else(|| AwsError {
                kind: AwsErrorKind::Invalid,
                op: op.clone(),
                code: "UnsupportedStrategy".into(),
                message: format!("strategy kind {:?}", s.kind),
            })?;
            req = req.memory_strategies(input);
        }
        for (k, v) in tags {
            req = req.tags(k, v);
        }
        let out = req.send().await.map_err(|e| classify(op.clone(), e))?;
        out.memory.map(info_from).ok_or_else(|| AwsError {
            kind: AwsErrorKind::Other,
            op,
            code: "EmptyResponse".into(),
            message: "no memory in the response".into(),
        })
    }

    pub async fn memory_set_expiry(&self, id: &str, days: i32) -> AwsResult<()> {
        self.agentcore_control
            .update_memory()
            .memory_id(id)
            .event_expiry_duration(days)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:UpdateMemory {id}"), e))?;
        Ok(())
    }

    pub async fn memory_tags(&self, arn: &str) -> AwsResult<BTreeMap<String, String>> {
        let out = self
            .agentcore_control
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:ListTagsForResource {arn}"), e))?;
        Ok(out.tags.unwrap_or_default().into_iter().collect())
    }

    pub async fn memory_tag(&self, arn: &str, tags: &[(String, String)]) -> AwsResult<()> {
        let mut req = self.agentcore_control.tag_resource().resource_arn(arn);
        for (k, v) in tags {
            req = req.tags(k, v);
        }
        req.send()
            .await
            .map_err(|e| classify(format!("bedrock-agentcore:TagResource {arn}"), e))?;
        Ok(())
    }

    /// Every actor with events in the memory (ListActors, all pages).
    pub async fn memory_actors(&self, memory_id: &str) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let r = self
                .agentcore
                .list_actors()
                .memory_id(memory_id)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify("bedrock-agentcore:ListActors", e))?;
            out.extend(r.actor_summaries.into_iter().map(|a| a.actor_id));
            token = r.next_token;
            if token.is_none() {
                break;
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Every session of one actor (ListSessions, all pages).
    pub async fn memory_sessions(&self, memory_id: &str, actor: &str) -> AwsResult<Vec<String>> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let r = self
                .agentcore
                .list_sessions()
                .memory_id(memory_id)
                .actor_id(actor)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify("bedrock-agentcore:ListSessions", e))?;
            out.extend(r.session_summaries.into_iter().map(|s| s.session_id));
            token = r.next_token;
            if token.is_none() {
                break;
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Every event of one session, with payloads, oldest first (ListEvents, all pages).
    pub async fn memory_events(
        &self,
        memory_id: &str,
        actor: &str,
        session: &str,
    ) -> AwsResult<Vec<MemoryEvent>> {
        let op = "bedrock-agentcore:ListEvents";
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let r = self
                .agentcore
                .list_events()
                .memory_id(memory_id)
                .actor_id(actor)
                .session_id(session)
                .include_payloads(true)
                .max_results(100)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| classify(op, e))?;
            for e in r.events {
                out.push(MemoryEvent {
                    payload: e
                        .payload
                        .iter()
                        .map(|p| payload_from_sdk(op, p))
                        .collect::<AwsResult<_>>()?,
                    actor_id: e.actor_id,
                    session_id: e.session_id,
                    event_id: e.event_id,
                    timestamp: millis(&e.event_timestamp),
                    branch: e.branch.map(|b| EventBranch {
                        name: b.name,
                        root_event_id: b.root_event_id,
                    }),
                    metadata: e
                        .metadata
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|(k, v)| match v {
                            MetadataValue::StringValue(s) => Some((k, s)),
                            _ => None,
                        })
                        .collect(),
                });
            }
            token = r.next_token;
            if token.is_none() {
                break;
            }
        }
        out.sort_by(|a, b| (&a.timestamp, &a.event_id).cmp(&(&b.timestamp, &b.event_id)));
        Ok(out)
    }

    /// Create one event like `e` (its id is the service's); `root_event_id` replaces the
    /// branch root (an event id of the new memory). `client_token` makes a retry idempotent.
    /// The new event's id.
    pub async fn memory_create_event(
        &self,
        memory_id: &str,
        e: &MemoryEvent,
        root_event_id: Option<&str>,
        client_token: &str,
    ) -> AwsResult<String> {
        let op = "bedrock-agentcore:CreateEvent";
        let ts = DateTime::from_str(&e.timestamp, Format::DateTime).map_err(|err| AwsError {
            kind: AwsErrorKind::Invalid,
            op: op.into(),
            code: "InvalidArchivedEvent".into(),
            message: format!("timestamp {:?}: {err}", e.timestamp),
        })?;
        let mut req = self
            .agentcore
            .create_event()
            .memory_id(memory_id)
            .actor_id(&e.actor_id)
            .session_id(&e.session_id)
            .event_timestamp(ts)
            .client_token(client_token);
        for p in &e.payload {
            req = req.payload(payload_to_sdk(op, p)?);
        }
        if let Some(b) = &e.branch {
            req = req.branch(
                Branch::builder()
                    .name(&b.name)
                    .set_root_event_id(root_event_id.map(str::to_string))
                    .build()
                    .map_err(|err| unrepresentable(op, &err.to_string()))?,
            );
        }
        for (k, v) in &e.metadata {
            req = req.metadata(k, MetadataValue::StringValue(v.clone()));
        }
        let out = req.send().await.map_err(|err| classify(op, err))?;
        out.event.map(|ev| ev.event_id).ok_or_else(|| AwsError {
            kind: AwsErrorKind::Other,
            op: op.into(),
            code: "EmptyResponse".into(),
            message: "no event in the response".into(),
        })
    }

    /// Delete one event; one that is gone already is not an error.
    pub async fn memory_delete_event(
        &self,
        memory_id: &str,
        actor: &str,
        session: &str,
        event_id: &str,
    ) -> AwsResult<()> {
        match self
            .agentcore
            .delete_event()
            .memory_id(memory_id)
            .actor_id(actor)
            .session_id(session)
            .event_id(event_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = classify("bedrock-agentcore:DeleteEvent", e);
                if e.kind == AwsErrorKind::NotFound {
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_through_the_sdk_types() {
        let ps = vec![
            Payload::Conversational {
                role: "USER".into(),
                text: Some("hello".into()),
            },
            Payload::Json(serde_json::json!({"a": [1, -2, 1.5, null, true, "x"]})),
            Payload::Blob(serde_json::json!("opaque")),
        ];
        for p in ps {
            let sdk = payload_to_sdk("t", &p).unwrap();
            assert_eq!(payload_from_sdk("t", &sdk).unwrap(), p);
        }
    }

    #[test]
    fn timestamps_keep_milliseconds() {
        let t = DateTime::from_millis(1_767_225_600_123);
        let s = millis(&t);
        assert_eq!(s, "2026-01-01T00:00:00.123Z");
        assert_eq!(
            DateTime::from_str(&s, Format::DateTime)
                .unwrap()
                .to_millis()
                .unwrap(),
            1_767_225_600_123
        );
    }
}
