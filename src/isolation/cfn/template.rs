//! Reading one template file into plain JSON. YAML short-form tags (`!Sub x`, `!GetAtt A.B`)
//! become the long form (`{"Fn::Sub": x}`) here, so the resolver only ever sees one shape;
//! JSON templates are read as they are.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// One entry of `Resources`, unresolved.
#[derive(Debug)]
pub(super) struct Resource {
    pub ty: String,
    pub properties: Map<String, Value>,
    /// The resource-level `Condition`: when false, CloudFormation does not create it.
    pub condition: Option<String>,
}

/// The sections of a template the reader uses, unresolved.
#[derive(Debug)]
pub(super) struct Template {
    /// The path as given on the command line; every message starts with it.
    pub file: String,
    pub parameters: Map<String, Value>,
    pub mappings: Map<String, Value>,
    pub conditions: Map<String, Value>,
    /// In template order, so output follows the file.
    pub resources: Vec<(String, Resource)>,
}

impl Template {
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|(k, _)| k == id).map(|(_, r)| r)
    }
}

/// Parse `text` (YAML or JSON) read from `file`.
pub(super) fn parse(file: &str, text: &str) -> Result<Template> {
    let bad = |msg: String| Error::usage(format!("{file}: {msg}"));
    // JSON is read by the JSON parser: its errors are clearer, and tabs (legal in JSON
    // whitespace) are not YAML indentation.
    let root = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON: {e}")))?
    } else {
        let y: serde_yaml::Value = serde_yaml::from_str(text)
            .map_err(|e| bad(format!("not valid YAML: {}", one_line(&e.to_string()))))?;
        from_yaml(y).map_err(bad)?
    };
    let Value::Object(mut root) = root else {
        return Err(bad(
            "not a CloudFormation template (expected a mapping at the top)".into(),
        ));
    };
    if let Some(t) = root.get("Transform") {
        // A transform (SAM, AWS::LanguageExtensions, macros) rewrites the template at deploy
        // time, e.g. SAM creates roles that are not written here: reading it raw would miss them.
        return Err(bad(format!("the template declares Transform {t}: the deployed resources are not the ones written here"))
            .with_hint("pass the processed template instead (`sam build` output, or `aws cloudformation get-template --template-stage Processed`)"));
    }
    let section = |root: &mut Map<String, Value>, name: &str| -> Result<Map<String, Value>> {
        match root.remove(name) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m),
            Some(_) => Err(bad(format!("section {name} must be a mapping"))),
        }
    };
    let resources = section(&mut root, "Resources")?;
    if resources.is_empty() {
        return Err(bad("not a CloudFormation template (no Resources)".into()));
    }
    Ok(Template {
        file: file.to_string(),
        parameters: section(&mut root, "Parameters")?,
        mappings: section(&mut root, "Mappings")?,
        conditions: section(&mut root, "Conditions")?,
        resources: resources
            .into_iter()
            .map(|(id, v)| resource(file, &id, v).map(|r| (id, r)))
            .collect::<Result<_>>()?,
    })
}

fn resource(file: &str, id: &str, v: Value) -> Result<Resource> {
    let bad = |msg: &str| Error::usage(format!("{file}: resource {id}: {msg}"));
    let Value::Object(mut m) = v else {
        return Err(bad("must be a mapping with Type and Properties"));
    };
    let ty = match m.remove("Type") {
        Some(Value::String(t)) => t,
        _ => return Err(bad("Type is missing or not a string")),
    };
    let properties = match m.remove("Properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p,
        Some(_) => return Err(bad("Properties must be a mapping")),
    };
    let condition = match m.remove("Condition") {
        None => None,
        Some(Value::String(c)) => Some(c),
        Some(_) => return Err(bad("Condition must be the name of a condition")),
    };
    Ok(Resource {
        ty,
        properties,
        condition,
    })
}

/// YAML to JSON, short-form tags to their long form (`!Ref` -> `Ref`, `!Condition` ->
/// `Condition`, `!X` -> `Fn::X`). An unknown tag becomes an unknown `Fn::` that the resolver
/// rejects only if a needed property uses it.
fn from_yaml(v: serde_yaml::Value) -> std::result::Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(&n)?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(key(k)?, from_yaml(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let long = match name {
                "Ref" | "Condition" => name.to_string(),
                _ => format!("Fn::{name}"),
            };
            let mut m = Map::new();
            m.insert(long, from_yaml(t.value)?);
            Value::Object(m)
        }
    })
}

fn number(n: &serde_yaml::Number) -> std::result::Result<Value, String> {
    if let Some(i) = n.as_i64() {
        return Ok(i.into());
    }
    if let Some(u) = n.as_u64() {
        return Ok(u.into());
    }
    n.as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("the number {n} has no JSON form"))
}

fn key(k: serde_yaml::Value) -> std::result::Result<String, String> {
    use serde_yaml::Value as Y;
    match k {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        other => Err(format!("mapping key {other:?} is not a string")),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
