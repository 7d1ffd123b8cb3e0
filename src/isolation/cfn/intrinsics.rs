//! Resolving intrinsic functions, lazily: only the values a caller asks for are resolved, so
//! an intrinsic tenantctl cannot evaluate offline (an OAuth scope built from the stack id, an
//! import) only matters where isolation validation reads it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::template::Template;
use super::Options;
use crate::error::{Error, Result};

/// Where a value sits, for messages: `resource MemoryTvmRole, property Policies[0].PolicyName`.
#[derive(Debug, Clone)]
pub(super) struct Loc {
    owner: String,
    path: String,
}

impl Loc {
    pub fn property(resource: &str, property: &str) -> Loc {
        Loc {
            owner: format!("resource {resource}"),
            path: property.to_string(),
        }
    }
    pub fn condition(name: &str) -> Loc {
        Loc {
            owner: format!("condition {name}"),
            path: String::new(),
        }
    }
    pub fn key(&self, k: &str) -> Loc {
        let path = if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.path)
        };
        Loc {
            path,
            ..self.clone()
        }
    }
    pub fn index(&self, i: usize) -> Loc {
        Loc {
            path: format!("{}[{i}]", self.path),
            ..self.clone()
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.owner)
        } else {
            write!(f, "{}, property {}", self.owner, self.path)
        }
    }
}

/// Resolves values of one template. Caches make each resource resolve to one value however
/// often it is referenced (and its placeholder be noted once).
pub(super) struct Resolver<'a> {
    pub tpl: &'a Template,
    pub opts: &'a Options,
    pub(super) notes: RefCell<Vec<String>>,
    pub(super) names: RefCell<HashMap<String, String>>,
    conditions: RefCell<HashMap<String, bool>>,
    /// Resources and conditions being resolved: a reference back to one is a cycle.
    active: RefCell<Vec<String>>,
}

impl<'a> Resolver<'a> {
    pub fn new(tpl: &'a Template, opts: &'a Options) -> Self {
        Resolver {
            tpl,
            opts,
            notes: RefCell::new(Vec::new()),
            names: RefCell::new(HashMap::new()),
            conditions: RefCell::new(HashMap::new()),
            active: RefCell::new(Vec::new()),
        }
    }

    /// A usage error (exit 2) naming the file and the location.
    pub fn error(&self, loc: &Loc, msg: impl fmt::Display) -> Error {
        Error::usage(format!("{}: {loc}: {msg}", self.tpl.file))
    }

    pub fn note(&self, text: String) {
        let text = format!("{}: {text}", self.tpl.file);
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&text) {
            notes.push(text);
        }
    }

    /// Run `f` with `key` marked as being resolved; a reference back to it is a cycle.
    pub fn guarded<T>(&self, key: String, loc: &Loc, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if self.active.borrow().contains(&key) {
            return Err(self.error(loc, format!("circular reference through {key}")));
        }
        self.active.borrow_mut().push(key);
        let r = f();
        self.active.borrow_mut().pop();
        r
    }

    /// The resolved value; `None` when it is `AWS::NoValue` (the property or element is dropped).
    pub fn value(&self, v: &Value, loc: &Loc) -> Result<Option<Value>> {
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (k, arg) = m.iter().next().expect("one entry");
                if k == "Ref" || k.starts_with("Fn::") {
                    return self.intrinsic(k, arg, loc);
                }
                self.object(m, loc)
            }
            Value::Object(m) => self.object(m, loc),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    out.extend(self.value(x, &loc.index(i))?);
                }
                Ok(Some(Value::Array(out)))
            }
            other => Ok(Some(other.clone())),
        }
    }

    fn object(&self, m: &Map<String, Value>, loc: &Loc) -> Result<Option<Value>> {
        let mut out = Map::new();
        for (k, x) in m {
            if let Some(r) = self.value(x, &loc.key(k))? {
                out.insert(k.clone(), r);
            }
        }
        Ok(Some(Value::Object(out)))
    }

    fn intrinsic(&self, name: &str, arg: &Value, loc: &Loc) -> Result<Option<Value>> {
        let s = |r: Result<String>| r.map(|s| Some(Value::String(s)));
        match name {
            "Ref" => self.reference(arg, loc),
            "Fn::GetAtt" => self.get_att(arg, loc).map(Some),
            "Fn::Sub" => s(self.sub(arg, loc)),
            "Fn::Join" => s(self.join(arg, loc)),
            "Fn::Select" => self.select(arg, loc).map(Some),
            "Fn::Split" => self.split(arg, loc).map(Some),
            "Fn::FindInMap" => self.find_in_map(arg, loc).map(Some),
            "Fn::If" => self.if_(arg, loc),
            "Fn::Base64" => s(self
                .string(arg, loc, "Fn::Base64")
                .map(|t| base64::engine::general_purpose::STANDARD.encode(t))),
            _ => Err(self.unsupported(name, loc)),
        }
    }

    fn unsupported(&self, name: &str, loc: &Loc) -> Error {
        let why = match name {
            "Fn::ImportValue" => "is another stack's export, not known offline",
            "Fn::GetAZs" | "Fn::Cidr" => "depends on the account at deploy time, not known offline",
            "Fn::Transform" => "runs a macro at deploy time, not known offline",
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                "is a condition function: it belongs in Conditions or Fn::If"
            }
            _ => "is not an intrinsic function tenantctl knows",
        };
        self.error(loc, format!("{name} {why}")).with_hint(
            "write the value in the template, or take it from a parameter (--parameter NAME=VALUE)",
        )
    }

    /// A resolved scalar as a string (numbers and booleans as CloudFormation writes them).
    pub fn string(&self, v: &Value, loc: &Loc, what: &str) -> Result<String> {
        match self.value(v, loc)? {
            Some(Value::String(s)) => Ok(s),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(Value::Bool(b)) => Ok(b.to_string()),
            None => Err(self.error(loc, format!("{what}: the value is AWS::NoValue"))),
            Some(other) => Err(self.error(
                loc,
                format!("{what} needs a string, found {}", kind(&other)),
            )),
        }
    }

    fn list(&self, v: &Value, loc: &Loc, what: &str) -> Result<Vec<Value>> {
        match self.value(v, loc)? {
            Some(Value::Array(a)) => Ok(a),
            Some(other) => {
                Err(self.error(loc, format!("{what} needs a list, found {}", kind(&other))))
            }
            None => Err(self.error(loc, format!("{what}: the value is AWS::NoValue"))),
        }
    }

    /// The literal argument list of `name`, checked for length.
    fn args<'v>(&self, arg: &'v Value, name: &str, n: usize, loc: &Loc) -> Result<&'v [Value]> {
        match arg {
            Value::Array(a) if a.len() == n => Ok(a),
            _ => Err(self.error(loc, format!("{name} takes a list of {n} arguments"))),
        }
    }

    fn reference(&self, arg: &Value, loc: &Loc) -> Result<Option<Value>> {
        let Value::String(name) = arg else {
            return Err(self.error(loc, "Ref takes the name of a parameter or resource"));
        };
        if name.starts_with("AWS::") {
            return self.pseudo(name, loc);
        }
        if self.tpl.parameters.contains_key(name) {
            return self.parameter(name, loc).map(Some);
        }
        if self.tpl.resource(name).is_some() {
            return self.resource_ref(name, loc).map(Some);
        }
        Err(self.error(
            loc,
            format!("Ref {name}: no parameter or resource of that name"),
        ))
    }

    fn pseudo(&self, name: &str, loc: &Loc) -> Result<Option<Value>> {
        let o = self.opts;
        let s = |v: &str| Ok(Some(Value::String(v.to_string())));
        match name {
            "AWS::AccountId" => s(&o.account),
            "AWS::Region" => s(&o.region),
            "AWS::Partition" => s(&o.partition),
            "AWS::URLSuffix" => s(&self.url_suffix()),
            "AWS::StackName" => s(&self.stack_name(loc)?),
            "AWS::StackId" => s(&self.stack_id()),
            "AWS::NoValue" => Ok(None),
            "AWS::NotificationARNs" => Ok(Some(Value::Array(Vec::new()))),
            _ => Err(self.error(loc, format!("Ref {name}: not a pseudo parameter"))),
        }
    }

    pub fn url_suffix(&self) -> String {
        match self.opts.partition.as_str() {
            "aws-cn" => "amazonaws.com.cn",
            "aws-iso" => "c2s.ic.gov",
            "aws-iso-b" => "sc2s.sgov.gov",
            _ => "amazonaws.com",
        }
        .into()
    }

    fn stack_name(&self, loc: &Loc) -> Result<String> {
        self.opts.stack_name.clone().ok_or_else(|| {
            self.error(loc, "AWS::StackName is used but --stack-name was not given")
                .with_hint("pass --stack-name NAME (the name the stack is deployed under)")
        })
    }

    /// The stack name for placeholders: the given one, else `STACK` (noted).
    pub fn stack_or_placeholder(&self) -> String {
        match &self.opts.stack_name {
            Some(s) => s.clone(),
            None => {
                self.note(
                    "no --stack-name: STACK stands for the stack name in generated names".into(),
                );
                "STACK".into()
            }
        }
    }

    fn stack_id(&self) -> String {
        let o = self.opts;
        let id = format!(
            "arn:{}:cloudformation:{}:{}:stack/{}/00000000-0000-0000-0000-000000000000",
            o.partition,
            o.region,
            o.account,
            self.stack_or_placeholder()
        );
        self.note(format!(
            "AWS::StackId is taken as {id} (the real id is known after deployment)"
        ));
        id
    }

    fn parameter(&self, name: &str, loc: &Loc) -> Result<Value> {
        let decl = &self.tpl.parameters[name];
        let ty = decl.get("Type").and_then(Value::as_str).unwrap_or("String");
        let raw = if ty.starts_with("AWS::SSM::Parameter::Value<") {
            self.ssm_parameter(name, ty, loc)?
        } else {
            match (self.opts.parameters.get(name), decl.get("Default")) {
                (Some(v), _) => v.clone(),
                (None, Some(d)) => scalar(d).ok_or_else(|| {
                    self.error(loc, format!("parameter {name}: Default is not a string"))
                })?,
                (None, None) => {
                    return Err(self.error(
                        loc,
                        format!("parameter {name} has no value: pass --parameter {name}=VALUE"),
                    ))
                }
            }
        };
        if let Some(Value::Array(allowed)) = decl.get("AllowedValues") {
            if !allowed
                .iter()
                .any(|a| scalar(a).as_deref() == Some(raw.as_str()))
            {
                let list: Vec<String> = allowed.iter().filter_map(scalar).collect();
                return Err(self.error(
                    loc,
                    format!(
                        "parameter {name}: {raw:?} is not one of its AllowedValues ({})",
                        list.join(", ")
                    ),
                ));
            }
        }
        if ty == "CommaDelimitedList" || ty.starts_with("List<") {
            return Ok(Value::Array(
                raw.split(',')
                    .map(|p| Value::String(p.trim().to_string()))
                    .collect(),
            ));
        }
        Ok(Value::String(raw))
    }

    /// An SSM-typed parameter holds a Parameter Store name that CloudFormation reads at
    /// deployment: offline, `--parameter` gives the value read, never the name.
    fn ssm_parameter(&self, name: &str, ty: &str, loc: &Loc) -> Result<String> {
        match self.opts.parameters.get(name) {
            Some(v) => {
                self.note(format!(
                    "parameter {name} ({ty}): --parameter {name} is taken as the value read from Parameter Store, not as a parameter name"
                ));
                Ok(v.clone())
            }
            None => Err(self
                .error(loc, format!("parameter {name} ({ty}) is read from Parameter Store at deployment: pass its value with --parameter {name}=VALUE"))),
        }
    }

    fn get_att(&self, arg: &Value, loc: &Loc) -> Result<Value> {
        let (id, attr) = match arg {
            Value::String(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => {
                    return Err(self.error(
                        loc,
                        format!("Fn::GetAtt {s:?}: expected Resource.Attribute"),
                    ))
                }
            },
            Value::Array(a) if a.len() == 2 && a[0].is_string() => {
                let attr = self.string(&a[1], loc, "Fn::GetAtt attribute")?;
                (a[0].as_str().unwrap_or_default().to_string(), attr)
            }
            _ => {
                return Err(self.error(
                    loc,
                    "Fn::GetAtt takes Resource.Attribute or [Resource, Attribute]",
                ))
            }
        };
        self.attribute(&id, &attr, loc)
    }

    fn sub(&self, arg: &Value, loc: &Loc) -> Result<String> {
        match arg {
            Value::String(text) => self.substitute(text, &Map::new(), loc),
            Value::Array(a) if a.len() == 2 => match (&a[0], &a[1]) {
                (Value::String(text), Value::Object(vars)) => self.substitute(text, vars, loc),
                _ => Err(self.error(loc, "Fn::Sub takes a string, or [string, {variables}]")),
            },
            _ => Err(self.error(loc, "Fn::Sub takes a string, or [string, {variables}]")),
        }
    }

    fn substitute(&self, text: &str, vars: &Map<String, Value>, loc: &Loc) -> Result<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            // `${!Name}` is CloudFormation's escape for a literal `${Name}`.
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                return Err(self.error(
                    loc,
                    format!("Fn::Sub {text:?}: `${{` without a closing `}}`"),
                ));
            };
            out.push_str(&self.sub_variable(&after[..end], vars, loc)?);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn sub_variable(&self, var: &str, vars: &Map<String, Value>, loc: &Loc) -> Result<String> {
        let what = format!("Fn::Sub ${{{var}}}");
        if let Some(v) = vars.get(var) {
            return self.string(v, loc, &what);
        }
        if var.starts_with("AWS::") {
            let v = Value::Object(Map::from_iter([(
                "Ref".to_string(),
                Value::String(var.into()),
            )]));
            return self.string(&v, loc, &what);
        }
        if var.contains(':') {
            // An IAM policy variable: CloudFormation rejects the template (unresolved reference).
            return Err(self
                .error(loc, format!("{what} is an IAM policy variable inside Fn::Sub; CloudFormation rejects the template"))
                .with_hint(format!("write ${{!{var}}} to keep it literal")));
        }
        if let Some((id, attr)) = var.split_once('.') {
            return match self.attribute(id, attr, loc)? {
                Value::String(s) => Ok(s),
                other => Err(self.error(
                    loc,
                    format!("{what} needs a string, found {}", kind(&other)),
                )),
            };
        }
        if self.tpl.parameters.contains_key(var) || self.tpl.resource(var).is_some() {
            let v = Value::Object(Map::from_iter([(
                "Ref".to_string(),
                Value::String(var.into()),
            )]));
            return self.string(&v, loc, &what);
        }
        Err(self.error(
            loc,
            format!("{what}: no parameter, resource or pseudo parameter of that name"),
        ))
    }

    fn join(&self, arg: &Value, loc: &Loc) -> Result<String> {
        let a = self.args(arg, "Fn::Join", 2, loc)?;
        let sep = self.string(&a[0], loc, "Fn::Join delimiter")?;
        let parts = self.list(&a[1], loc, "Fn::Join")?;
        let parts: Vec<String> = parts
            .iter()
            .map(|p| self.string(p, loc, "Fn::Join element"))
            .collect::<Result<_>>()?;
        Ok(parts.join(&sep))
    }

    fn select(&self, arg: &Value, loc: &Loc) -> Result<Value> {
        let a = self.args(arg, "Fn::Select", 2, loc)?;
        let index = self.string(&a[0], loc, "Fn::Select index")?;
        let items = self.list(&a[1], loc, "Fn::Select")?;
        let i: usize = index
            .parse()
            .map_err(|_| self.error(loc, format!("Fn::Select index {index:?} is not a number")))?;
        items.get(i).cloned().ok_or_else(|| {
            self.error(
                loc,
                format!(
                    "Fn::Select index {i} is out of range (the list has {} elements)",
                    items.len()
                ),
            )
        })
    }

    fn split(&self, arg: &Value, loc: &Loc) -> Result<Value> {
        let a = self.args(arg, "Fn::Split", 2, loc)?;
        let sep = self.string(&a[0], loc, "Fn::Split delimiter")?;
        let text = self.string(&a[1], loc, "Fn::Split source")?;
        if sep.is_empty() {
            return Err(self.error(loc, "Fn::Split delimiter is empty"));
        }
        Ok(Value::Array(
            text.split(sep.as_str())
                .map(|p| Value::String(p.into()))
                .collect(),
        ))
    }

    fn find_in_map(&self, arg: &Value, loc: &Loc) -> Result<Value> {
        let a = self.args(arg, "Fn::FindInMap", 3, loc)?;
        let map = self.string(&a[0], loc, "Fn::FindInMap map name")?;
        let top = self.string(&a[1], loc, "Fn::FindInMap top-level key")?;
        let second = self.string(&a[2], loc, "Fn::FindInMap second-level key")?;
        self.tpl
            .mappings
            .get(&map)
            .and_then(|m| m.get(&top))
            .and_then(|m| m.get(&second))
            .cloned()
            .ok_or_else(|| {
                self.error(
                    loc,
                    format!("Fn::FindInMap: Mappings has no {map}.{top}.{second}"),
                )
            })
    }

    fn if_(&self, arg: &Value, loc: &Loc) -> Result<Option<Value>> {
        let a = self.args(arg, "Fn::If", 3, loc)?;
        let Value::String(cond) = &a[0] else {
            return Err(self.error(
                loc,
                "Fn::If takes [condition name, value if true, value if false]",
            ));
        };
        let branch = if self.condition(cond, loc)? {
            &a[1]
        } else {
            &a[2]
        };
        self.value(branch, loc)
    }

    /// The value of a declared condition (evaluated once).
    pub fn condition(&self, name: &str, loc: &Loc) -> Result<bool> {
        if let Some(b) = self.conditions.borrow().get(name) {
            return Ok(*b);
        }
        let Some(expr) = self.tpl.conditions.get(name) else {
            return Err(self.error(
                loc,
                format!("condition {name} is not declared in Conditions"),
            ));
        };
        let cloc = Loc::condition(name);
        let b = self.guarded(format!("condition {name}"), loc, || {
            self.cond_expr(expr, &cloc)
        })?;
        self.conditions.borrow_mut().insert(name.to_string(), b);
        Ok(b)
    }

    fn cond_expr(&self, v: &Value, loc: &Loc) -> Result<bool> {
        let bad = || {
            self.error(
                loc,
                "expected Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
            )
        };
        let Some((name, arg)) = v
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
        else {
            return Err(bad());
        };
        let operands = |min: usize, max: usize| match arg {
            Value::Array(a) if (min..=max).contains(&a.len()) => Ok(a),
            _ => Err(self.error(loc, format!("{name} takes {min} to {max} conditions"))),
        };
        match name.as_str() {
            "Fn::Equals" => {
                let a = self.args(arg, "Fn::Equals", 2, loc)?;
                Ok(comparable(self.value(&a[0], loc)?) == comparable(self.value(&a[1], loc)?))
            }
            "Fn::And" => operands(2, 10)?
                .iter()
                .try_fold(true, |acc, c| Ok(acc & self.cond_expr(c, loc)?)),
            "Fn::Or" => operands(2, 10)?
                .iter()
                .try_fold(false, |acc, c| Ok(acc | self.cond_expr(c, loc)?)),
            "Fn::Not" => Ok(!self.cond_expr(&operands(1, 1)?[0], loc)?),
            "Condition" => match arg {
                Value::String(c) => self.condition(c, loc),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

/// Fn::Equals compares strings: `true`, `"true"` and `1`, `"1"` are equal in CloudFormation.
fn comparable(v: Option<Value>) -> Value {
    match v {
        Some(Value::Number(n)) => Value::String(n.to_string()),
        Some(Value::Bool(b)) => Value::String(b.to_string()),
        Some(other) => other,
        None => Value::Null,
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
