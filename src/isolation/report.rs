//! Isolation and drift results as human tables, JSON, JUnit XML and SARIF 2.1.0.
//! JUnit: one test case per rule of the catalogue (stable names), failing when the rule has
//! findings. SARIF: one result per finding kept in detail, `ruleId` = the stable rule id; the
//! findings counted but not kept are stated in the run's properties and a notification.

use crate::output::xml_escape;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::json;

use crate::error::{Error, Result};
use crate::output::{to_json, Column, Printer, Render, Value};

use super::{Report, Rule, Severity};

/// A rule as shown to JUnit/SARIF consumers.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub severity: Severity,
}

/// One result as shown to JUnit/SARIF consumers.
#[derive(Debug, Clone, Serialize)]
pub struct ResultItem {
    pub rule_id: &'static str,
    pub level: Severity,
    pub message: String,
    /// The policy (or resource) the result points at.
    pub location: Option<String>,
    /// Statement within it, e.g. `Statement[3] (Sid "S3ObjectsInOwnPrefix")`.
    pub logical: Option<String>,
    pub properties: serde_json::Value,
}

pub fn isolation_rules() -> Vec<RuleMeta> {
    Rule::ALL
        .iter()
        .map(|r| RuleMeta {
            id: r.id(),
            name: r.name(),
            description: r.description(),
            severity: r.severity(),
        })
        .collect()
}

pub fn isolation_items(rep: &Report) -> Vec<ResultItem> {
    rep.findings
        .iter()
        .map(|f| {
            let st = f.statements.first();
            ResultItem {
                rule_id: f.rule.id(),
                level: f.severity,
                message: f.message.clone(),
                location: st.map(|s| s.policy.clone()),
                logical: st.map(|s| match &s.sid {
                    Some(sid) => format!("Statement[{}] (Sid \"{sid}\")", s.index),
                    None => format!("Statement[{}]", s.index),
                }),
                properties: json!({
                    "session": f.session, "target": f.target, "actionClass": f.action_class,
                    "decision": f.decision, "request": f.request,
                }),
            }
        })
        .collect()
}

/// JUnit XML: `suite` with one test case per rule; a rule with results fails, listing them.
/// `counts` gives the full number per rule (results may be a capped sample).
pub fn junit(
    suite: &str,
    rules: &[RuleMeta],
    items: &[ResultItem],
    counts: &dyn Fn(&str) -> u64,
) -> String {
    let failures = rules.iter().filter(|r| counts(r.id) > 0).count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"tenantctl\" tests=\"{}\" failures=\"{failures}\">",
        rules.len()
    );
    let _ = writeln!(
        x,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        xml_escape(suite),
        rules.len()
    );
    for r in rules {
        let _ = write!(
            x,
            "    <testcase classname=\"{}\" name=\"{} {}\"",
            xml_escape(suite),
            r.id,
            r.name
        );
        let n = counts(r.id);
        if n == 0 {
            x.push_str("/>\n");
            continue;
        }
        x.push_str(">\n");
        let mut body = String::new();
        let mut shown = 0u64;
        for it in items.iter().filter(|i| i.rule_id == r.id) {
            shown += 1;
            let _ = writeln!(body, "{}", it.message);
            if let Some(l) = &it.location {
                let _ = writeln!(body, "  at {l} {}", it.logical.clone().unwrap_or_default());
            }
        }
        if shown < n {
            let _ = writeln!(
                body,
                "... and {} more finding(s) not kept in detail ({OMITTED_HINT})",
                n - shown
            );
        }
        let _ = writeln!(
            x,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            xml_escape(&format!("{n} finding(s): {}", r.description)),
            r.id,
            xml_escape(&body)
        );
        x.push_str("    </testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// How to get the findings a capped report left out.
const OMITTED_HINT: &str = "`--max-findings-per-rule 0` keeps all";

/// SARIF 2.1.0 log with one run: one result per item. `counts` gives the full number per
/// rule; what the items leave out is stated in the run's properties (`findingsTotal`,
/// `findingsOmitted`, `findingsOmittedByRule`) and, when anything was left out, a notification.
pub fn sarif(
    rules: &[RuleMeta],
    items: &[ResultItem],
    counts: &dyn Fn(&str) -> u64,
) -> serde_json::Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rule_objs: Vec<_> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "name": r.name,
                "shortDescription": {"text": r.name},
                "fullDescription": {"text": r.description},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = items
        .iter()
        .map(|it| {
            let idx = rules.iter().position(|r| r.id == it.rule_id).unwrap_or(0);
            let mut res = json!({
                "ruleId": it.rule_id, "ruleIndex": idx, "level": level(it.level),
                "message": {"text": it.message},
                "properties": it.properties,
            });
            if let Some(loc) = &it.location {
                let mut l = json!({"physicalLocation": {"artifactLocation": {"uri": loc}}});
                if let Some(lg) = &it.logical {
                    l["logicalLocations"] = json!([{"name": lg, "fullyQualifiedName": format!("{loc}#{lg}"), "kind": "member"}]);
                }
                res["locations"] = json!([l]);
            }
            res
        })
        .collect();
    let mut omitted_by_rule = serde_json::Map::new();
    let mut total = 0u64;
    for r in rules {
        let n = counts(r.id);
        total += n;
        let shown = items.iter().filter(|i| i.rule_id == r.id).count() as u64;
        if n > shown {
            omitted_by_rule.insert(r.id.to_string(), json!(n - shown));
        }
    }
    let omitted: u64 = omitted_by_rule.values().filter_map(|v| v.as_u64()).sum();
    let mut notifications = Vec::new();
    if omitted > 0 {
        let per: Vec<String> = omitted_by_rule
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        notifications.push(json!({
            "level": "note",
            "message": {"text": format!("{omitted} of {total} finding(s) are counted but not listed as results ({}); {OMITTED_HINT}", per.join(", "))},
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tenantctl", "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/tenantctl/tenantctl",
                "rules": rule_objs,
            }},
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
            "results": results,
            "properties": {
                "findingsTotal": total,
                "findingsOmitted": omitted,
                "findingsOmittedByRule": omitted_by_rule,
            },
        }],
    })
}

pub fn write_file(path: &std::path::Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| Error::usage(format!("cannot write {}: {e}", path.display())))
}

/// Print an isolation report for humans (table) or machines (JSON; CSV = one row per finding).
pub fn print_isolation(printer: &Printer, rep: &Report) -> Result<()> {
    printer.print(&IsolationOut(rep))
}

struct IsolationOut<'a>(&'a Report);

impl Render for IsolationOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self.0)
    }

    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let columns = [
            "rule",
            "name",
            "session",
            "target",
            "action_class",
            "action",
            "resource",
            "decision",
            "statement",
            "message",
        ]
        .map(Column::new);
        let rows = self
            .0
            .findings
            .iter()
            .map(|f| {
                let req = f.request.as_ref();
                vec![
                    f.rule.id().to_string(),
                    f.rule_name.to_string(),
                    f.session.clone().unwrap_or_default(),
                    f.target.clone().unwrap_or_default(),
                    f.action_class.clone().unwrap_or_default(),
                    req.map(|r| r.action.clone()).unwrap_or_default(),
                    req.map(|r| r.resource.clone()).unwrap_or_default(),
                    f.decision.clone().unwrap_or_default(),
                    f.statements
                        .first()
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    f.message.clone(),
                ]
                .into_iter()
                .map(Value::from)
                .collect()
            })
            .collect();
        (columns.to_vec(), rows)
    }

    fn csv_warnings(&self) -> Vec<String> {
        let s = &self.0.summary;
        if s.findings_omitted == 0 {
            return Vec::new();
        }
        vec![format!(
            "{} of {} findings not listed (at most {} per rule); {OMITTED_HINT}",
            s.findings_omitted, s.findings, s.max_findings_per_rule
        )]
    }

    fn table(&self, printer: &Printer) -> Result<String> {
        let (rep, s) = (self.0, &self.0.summary);
        let mut text = String::new();
        let mut t = printer.table(&[
            "tenants",
            "synthetic",
            "sessions",
            "ordered pairs",
            "families",
            "questions",
            "requests",
            "findings",
        ]);
        t.add_row(vec![
            s.tenants.to_string(),
            s.synthetic_tenants.to_string(),
            s.sessions.to_string(),
            s.ordered_pairs.to_string(),
            s.action_classes.to_string(),
            s.questions.to_string(),
            s.requests_evaluated.to_string(),
            s.findings.to_string(),
        ]);
        text.push_str(&t.to_string());
        if !s.findings_by_rule.is_empty() {
            let rows: Vec<Vec<String>> = s
                .findings_by_rule
                .iter()
                .map(|(r, n)| vec![r.clone(), n.to_string()])
                .collect();
            text.push('\n');
            text.push_str(
                &printer
                    .table(&["rule", "findings"])
                    .add_rows(rows)
                    .to_string(),
            );
        }
        for f in &rep.findings {
            let mut block = format!("[{} {}] {}\n", f.rule.id(), f.rule_name, f.message);
            if let Some(r) = &f.request {
                let _ = writeln!(
                    block,
                    "  request: {} {} on {}",
                    r.principal, r.action, r.resource
                );
                let ctx: Vec<String> = r.context.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let _ = writeln!(block, "  context: {}", ctx.join(" "));
            }
            for line in f.explanation.lines() {
                let _ = writeln!(block, "  {line}");
            }
            text.push('\n');
            text.push_str(&block);
        }
        Ok(text)
    }

    fn after_table(&self, printer: &Printer) {
        let (rep, s) = (self.0, &self.0.summary);
        let shown = rep.findings.len() as u64;
        if shown < s.findings {
            printer.status(format!(
                "({} more findings not shown; counts above are complete; {OMITTED_HINT})",
                s.findings - shown
            ));
        }
        for n in &rep.notes {
            printer.warn(n);
        }
        if rep.isolated {
            printer.status(format!(
                "isolated: proven for every tenant id, every resource and every value the caller controls: {} questions ({} sessions × every action of {} families), {} requests evaluated, 0 findings",
                s.questions, s.sessions, s.action_classes, s.requests_evaluated
            ));
        } else {
            printer.status(format!("NOT isolated: {} finding(s)", s.findings));
        }
    }
}
