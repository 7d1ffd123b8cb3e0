//! What `Ref` and `Fn::GetAtt` of a resource return: its physical id and attributes, built
//! from its name property the way AWS builds them. Where CloudFormation generates the name
//! (no name property), a deterministic placeholder `<stack>-<LogicalId>-GENERATED` stands in
//! and a note says so. These ARNs are the template's own resources, not tenantctl's, which is
//! why they are built here rather than in `naming`.

use serde_json::Value;

use super::intrinsics::{Loc, Resolver};
use super::template::Resource;
use crate::error::Result;

/// The property holding a resource's name, and whether CloudFormation lowercases the name it
/// generates (S3 bucket and ECR repository names must be lowercase).
fn name_property(ty: &str) -> Option<(&'static str, bool)> {
    Some(match ty {
        "AWS::IAM::Role" => ("RoleName", false),
        "AWS::IAM::ManagedPolicy" => ("ManagedPolicyName", false),
        "AWS::IAM::Policy" | "AWS::IAM::RolePolicy" => ("PolicyName", false),
        "AWS::IAM::User" => ("UserName", false),
        "AWS::IAM::Group" => ("GroupName", false),
        "AWS::IAM::InstanceProfile" => ("InstanceProfileName", false),
        "AWS::S3::Bucket" => ("BucketName", true),
        "AWS::ECR::Repository" => ("RepositoryName", true),
        "AWS::DynamoDB::Table" => ("TableName", false),
        "AWS::SSM::Parameter" => ("Name", false),
        "AWS::SQS::Queue" => ("QueueName", false),
        "AWS::SNS::Topic" => ("TopicName", false),
        "AWS::Lambda::Function" => ("FunctionName", false),
        "AWS::KMS::Alias" => ("AliasName", false),
        "AWS::Logs::LogGroup" => ("LogGroupName", false),
        "AWS::Kinesis::Stream" => ("Name", false),
        _ => return None,
    })
}

/// Resources whose id AWS always generates (no name property decides it).
fn generated_id(ty: &str) -> bool {
    matches!(
        ty,
        "AWS::KMS::Key" | "AWS::Cognito::UserPool" | "AWS::Cognito::UserPoolClient"
    )
}

impl Resolver<'_> {
    /// The resource `id`, if CloudFormation creates it.
    fn target(&self, id: &str, loc: &Loc) -> Result<&Resource> {
        let Some(res) = self.tpl.resource(id) else {
            return Err(self.error(loc, format!("no resource {id} in the template")));
        };
        if let Some(c) = &res.condition {
            if !self.condition(c, loc)? {
                return Err(self.error(
                    loc,
                    format!("resource {id} is not created (its condition {c} is false)"),
                ));
            }
        }
        Ok(res)
    }

    /// `Ref` of a resource.
    pub fn resource_ref(&self, id: &str, loc: &Loc) -> Result<Value> {
        let res = self.target(id, loc)?;
        let o = self.opts;
        let v = match res.ty.as_str() {
            "AWS::IAM::ManagedPolicy" => self.managed_policy_arn(id, loc)?,
            "AWS::SQS::Queue" => self.queue_url(id, loc)?,
            "AWS::SNS::Topic" => format!("arn:{}:sns:{}:{}:{}", o.partition, o.region, o.account, self.name_of(id, loc)?),
            ty if name_property(ty).is_some() || generated_id(ty) => self.name_of(id, loc)?,
            ty => {
                return Err(self
                    .error(loc, format!("Ref {id}: the physical id of a {ty} is not known offline"))
                    .with_hint("write the value in the template, or take it from a parameter (--parameter NAME=VALUE)"))
            }
        };
        Ok(Value::String(v))
    }

    /// The physical name (or generated id) of `id`: its name property, else a placeholder.
    pub fn name_of(&self, id: &str, loc: &Loc) -> Result<String> {
        if let Some(n) = self.names.borrow().get(id) {
            return Ok(n.clone());
        }
        let res = self.target(id, loc)?;
        let given = match name_property(&res.ty) {
            Some((prop, _)) => {
                self.guarded(format!("{id}.{prop}"), loc, || self.prop_string(id, prop))?
            }
            None => None,
        };
        let generated = given.is_none();
        let name = match given {
            Some(n) => n,
            None => {
                let lower = name_property(&res.ty).is_some_and(|(_, l)| l);
                let n = format!("{}-{id}-GENERATED", self.stack_or_placeholder());
                if lower {
                    n.to_lowercase()
                } else {
                    n
                }
            }
        };
        self.names.borrow_mut().insert(id.to_string(), name.clone());
        if generated {
            self.note_generated(id, &res.ty, &name, loc)?;
        }
        Ok(name)
    }

    fn note_generated(&self, id: &str, ty: &str, name: &str, loc: &Loc) -> Result<()> {
        let text = match (ty, name_property(ty)) {
            ("AWS::IAM::Role", _) => format!(
                "{id} has no RoleName: its ARN is taken as {} (CloudFormation appends a random suffix)",
                self.role_arn(id, loc)?
            ),
            ("AWS::IAM::ManagedPolicy", _) => format!(
                "{id} has no ManagedPolicyName: its ARN is taken as {} (CloudFormation generates the name)",
                self.managed_policy_arn(id, loc)?
            ),
            (_, Some((prop, _))) => {
                format!("{id} ({ty}) has no {prop}: its name is taken as {name} (CloudFormation generates one)")
            }
            (_, None) => format!("{id} ({ty}): its id is generated at deployment; taken as {name}"),
        };
        self.note(text);
        Ok(())
    }

    /// A string property of `id`, resolved; `None` when absent or `AWS::NoValue`.
    pub fn prop_string(&self, id: &str, prop: &str) -> Result<Option<String>> {
        let Some(v) = self.tpl.resource(id).and_then(|r| r.properties.get(prop)) else {
            return Ok(None);
        };
        let loc = Loc::property(id, prop);
        match self.value(v, &loc)? {
            None => Ok(None),
            Some(_) => self.string(v, &loc, prop).map(Some),
        }
    }

    /// An IAM `Path` property (default `/`). IAM rejects one that does not begin and end with
    /// `/`; accepting it here would build an ARN that never exists.
    pub fn iam_path(&self, id: &str) -> Result<String> {
        let path = self.prop_string(id, "Path")?.unwrap_or_else(|| "/".into());
        if !(path.starts_with('/') && path.ends_with('/')) {
            return Err(self.error(
                &Loc::property(id, "Path"),
                format!("{path:?} is not an IAM path: it must begin and end with /"),
            ));
        }
        Ok(path)
    }

    /// `arn:<partition>:iam::<account>:role<path><name>`.
    pub fn role_arn(&self, id: &str, loc: &Loc) -> Result<String> {
        let (name, path) = (self.name_of(id, loc)?, self.iam_path(id)?);
        Ok(format!(
            "arn:{}:iam::{}:role{path}{name}",
            self.opts.partition, self.opts.account
        ))
    }

    pub fn managed_policy_arn(&self, id: &str, loc: &Loc) -> Result<String> {
        let (name, path) = (self.name_of(id, loc)?, self.iam_path(id)?);
        Ok(format!(
            "arn:{}:iam::{}:policy{path}{name}",
            self.opts.partition, self.opts.account
        ))
    }

    fn queue_url(&self, id: &str, loc: &Loc) -> Result<String> {
        let o = self.opts;
        let name = self.name_of(id, loc)?;
        Ok(format!(
            "https://sqs.{}.{}/{}/{name}",
            o.region,
            self.url_suffix(),
            o.account
        ))
    }

    /// `Fn::GetAtt id.attr`.
    pub fn attribute(&self, id: &str, attr: &str, loc: &Loc) -> Result<Value> {
        let res = self.target(id, loc)?;
        let o = self.opts;
        let (p, r, a) = (&o.partition, &o.region, &o.account);
        let name = |s: &Self| s.name_of(id, loc);
        let v = match (res.ty.as_str(), attr) {
            ("AWS::IAM::Role", "Arn") => self.role_arn(id, loc)?,
            ("AWS::IAM::Role", "RoleId") => self.placeholder_attr(id, attr, "AROA"),
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => self.managed_policy_arn(id, loc)?,
            ("AWS::IAM::User", "Arn") => format!("arn:{p}:iam::{a}:user{}{}", self.iam_path(id)?, name(self)?),
            ("AWS::S3::Bucket", "Arn") => format!("arn:{p}:s3:::{}", name(self)?),
            ("AWS::S3::Bucket", "DomainName") => format!("{}.s3.{}", name(self)?, self.url_suffix()),
            ("AWS::S3::Bucket", "RegionalDomainName") => format!("{}.s3.{r}.{}", name(self)?, self.url_suffix()),
            ("AWS::DynamoDB::Table", "Arn") => format!("arn:{p}:dynamodb:{r}:{a}:table/{}", name(self)?),
            ("AWS::SQS::Queue", "Arn") => format!("arn:{p}:sqs:{r}:{a}:{}", name(self)?),
            ("AWS::SQS::Queue", "QueueName") => name(self)?,
            ("AWS::SQS::Queue", "QueueUrl") => self.queue_url(id, loc)?,
            ("AWS::SNS::Topic", "TopicArn") => format!("arn:{p}:sns:{r}:{a}:{}", name(self)?),
            ("AWS::SNS::Topic", "TopicName") => name(self)?,
            ("AWS::Lambda::Function", "Arn") => format!("arn:{p}:lambda:{r}:{a}:function:{}", name(self)?),
            ("AWS::KMS::Key", "Arn") => format!("arn:{p}:kms:{r}:{a}:key/{}", name(self)?),
            ("AWS::KMS::Key", "KeyId") => name(self)?,
            ("AWS::Logs::LogGroup", "Arn") => format!("arn:{p}:logs:{r}:{a}:log-group:{}:*", name(self)?),
            ("AWS::Cognito::UserPool", "Arn") => format!("arn:{p}:cognito-idp:{r}:{a}:userpool/{}", name(self)?),
            ("AWS::Cognito::UserPool", "ProviderName") => {
                format!("cognito-idp.{r}.{}/{}", self.url_suffix(), name(self)?)
            }
            ("AWS::Cognito::UserPool", "ProviderURL") => {
                format!("https://cognito-idp.{r}.{}/{}", self.url_suffix(), name(self)?)
            }
            (ty, _) => {
                return Err(self
                    .error(loc, format!("Fn::GetAtt {id}.{attr}: attribute {attr} of a {ty} is not known offline"))
                    .with_hint("write the value in the template, or take it from a parameter (--parameter NAME=VALUE)"))
            }
        };
        Ok(Value::String(v))
    }

    /// An attribute AWS generates at creation (a role's unique id): a noted placeholder.
    fn placeholder_attr(&self, id: &str, attr: &str, prefix: &str) -> String {
        let v = format!("{prefix}-{}-{id}-GENERATED", self.stack_or_placeholder());
        self.note(format!(
            "{id}.{attr} is generated at deployment; taken as {v}"
        ));
        v
    }
}
