//! Cognito user pools: the pool, its custom attributes and app clients, and tenant users.
//! Cognito cannot filter ListUsers on custom attributes, so callers list and filter here.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, MessageActionType, SchemaAttributeType,
    StringAttributeConstraintsType, UserType,
};

use super::errors::{classify, AwsResult, OptionalExt};
use super::Aws;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub enabled: bool,
    pub status: String,
    pub attributes: BTreeMap<String, String>,
}

impl User {
    fn from_sdk(u: UserType) -> User {
        User {
            username: u.username.unwrap_or_default(),
            enabled: u.enabled,
            status: u
                .user_status
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            attributes: attrs_to_map(u.attributes.unwrap_or_default()),
        }
    }
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
    /// Cognito's immutable id of the user (`sub`), if the listing included it.
    pub fn sub(&self) -> Option<&str> {
        self.attr("sub").filter(|s| !s.is_empty())
    }
}

fn attrs_to_map(a: Vec<AttributeType>) -> BTreeMap<String, String> {
    a.into_iter()
        .map(|a| (a.name, a.value.unwrap_or_default()))
        .collect()
}

fn to_attrs(a: &[(&str, &str)]) -> Vec<AttributeType> {
    a.iter()
        .map(|(k, v)| {
            AttributeType::builder()
                .name(*k)
                .value(*v)
                .build()
                .expect("name set")
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct AppClient {
    pub id: String,
    pub name: String,
    /// Empty means Cognito's default: every writable attribute, custom ones included.
    pub write_attributes: Vec<String>,
}

/// A custom attribute of a pool as DescribeUserPool reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomAttr {
    /// With the `custom:` prefix.
    pub name: String,
    /// Whether AdminUpdateUserAttributes may change it after the user is created.
    pub mutable: bool,
}

/// A string custom attribute definition (name without the `custom:` prefix). An immutable
/// one can only be given a value when the user is created.
pub fn custom_string_attr(name: &str, mutable: bool) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::String)
        .mutable(mutable)
        .string_attribute_constraints(
            StringAttributeConstraintsType::builder()
                .min_length("1")
                .max_length("64")
                .build(),
        )
        .build()
}

impl Aws {
    /// Find a pool by exact name (paginated ListUserPools).
    pub async fn cognito_find_pool(&self, name: &str) -> AwsResult<Option<String>> {
        let mut pages = self
            .cognito
            .list_user_pools()
            .max_results(60)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify("cognito-idp:ListUserPools", e))?;
            for pool in p.user_pools.unwrap_or_default() {
                if pool.name.as_deref() == Some(name) {
                    return Ok(pool.id);
                }
            }
        }
        Ok(None)
    }

    pub async fn cognito_pool_exists(&self, id: &str) -> AwsResult<bool> {
        self.cognito
            .describe_user_pool()
            .user_pool_id(id)
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:DescribeUserPool {id}"), e))
            .optional()
            .map(|o| o.is_some())
    }

    pub async fn cognito_create_pool(
        &self,
        name: &str,
        custom: &[(&str, bool)],
        tags: &[(String, String)],
    ) -> AwsResult<String> {
        let mut req = self.cognito.create_user_pool().pool_name(name);
        for (c, mutable) in custom {
            req = req.schema(custom_string_attr(c, *mutable));
        }
        for (k, v) in tags {
            req = req.user_pool_tags(k, v);
        }
        let out = req
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:CreateUserPool {name}"), e))?;
        Ok(out.user_pool.and_then(|p| p.id).unwrap_or_default())
    }

    /// The pool's custom attributes (names with the `custom:` prefix) and whether each is mutable.
    pub async fn cognito_custom_attributes(&self, pool: &str) -> AwsResult<Vec<CustomAttr>> {
        let out = self
            .cognito
            .describe_user_pool()
            .user_pool_id(pool)
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:DescribeUserPool {pool}"), e))?;
        Ok(out
            .user_pool
            .and_then(|p| p.schema_attributes)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| {
                let name = a.name?;
                name.starts_with("custom:").then(|| CustomAttr {
                    name,
                    // Cognito's default for a custom attribute is mutable.
                    mutable: a.mutable.unwrap_or(true),
                })
            })
            .collect())
    }

    pub async fn cognito_add_custom_attributes(
        &self,
        pool: &str,
        attrs: &[(&str, bool)],
    ) -> AwsResult<()> {
        let mut req = self.cognito.add_custom_attributes().user_pool_id(pool);
        for (n, mutable) in attrs {
            req = req.custom_attributes(custom_string_attr(n, *mutable));
        }
        req.send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("cognito-idp:AddCustomAttributes {pool}"), e))
    }

    pub async fn cognito_list_clients(&self, pool: &str) -> AwsResult<Vec<AppClient>> {
        let mut ids = Vec::new();
        let mut pages = self
            .cognito
            .list_user_pool_clients()
            .user_pool_id(pool)
            .max_results(60)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p =
                p.map_err(|e| classify(format!("cognito-idp:ListUserPoolClients {pool}"), e))?;
            ids.extend(
                p.user_pool_clients
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|c| c.client_id),
            );
        }
        let mut out = Vec::new();
        for id in ids {
            let c = self
                .cognito
                .describe_user_pool_client()
                .user_pool_id(pool)
                .client_id(&id)
                .send()
                .await
                .map_err(|e| classify(format!("cognito-idp:DescribeUserPoolClient {id}"), e))?
                .user_pool_client
                .unwrap_or_else(|| {
                    aws_sdk_cognitoidentityprovider::types::UserPoolClientType::builder().build()
                });
            out.push(AppClient {
                id,
                name: c.client_name.unwrap_or_default(),
                write_attributes: c.write_attributes.unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// App client whose writable attributes are listed explicitly (so custom:* are not).
    pub async fn cognito_create_client(
        &self,
        pool: &str,
        name: &str,
        read: &[&str],
        write: &[&str],
    ) -> AwsResult<String> {
        let out = self
            .cognito
            .create_user_pool_client()
            .user_pool_id(pool)
            .client_name(name)
            .set_read_attributes(Some(read.iter().map(|s| s.to_string()).collect()))
            .set_write_attributes(Some(write.iter().map(|s| s.to_string()).collect()))
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:CreateUserPoolClient {name}"), e))?;
        Ok(out
            .user_pool_client
            .and_then(|c| c.client_id)
            .unwrap_or_default())
    }

    pub async fn cognito_get_user(&self, pool: &str, username: &str) -> AwsResult<Option<User>> {
        let out = self
            .cognito
            .admin_get_user()
            .user_pool_id(pool)
            .username(username)
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:AdminGetUser {username}"), e))
            .optional()?;
        Ok(out.map(|o| User {
            username: o.username,
            enabled: o.enabled,
            status: o
                .user_status
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            attributes: attrs_to_map(o.user_attributes.unwrap_or_default()),
        }))
    }

    /// Create a user with its attributes. The invitation (and its temporary password) is
    /// suppressed unless `invite`; the password is never read back or logged.
    pub async fn cognito_create_user(
        &self,
        pool: &str,
        username: &str,
        attrs: &[(&str, &str)],
        invite: bool,
    ) -> AwsResult<User> {
        let mut req = self
            .cognito
            .admin_create_user()
            .user_pool_id(pool)
            .username(username)
            .set_user_attributes(Some(to_attrs(attrs)));
        if invite {
            req = req.desired_delivery_mediums(
                aws_sdk_cognitoidentityprovider::types::DeliveryMediumType::Email,
            );
        } else {
            req = req.message_action(MessageActionType::Suppress);
        }
        let out = req
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:AdminCreateUser {username}"), e))?;
        // The created user, with the `sub` Cognito gave it (membership is keyed by it).
        Ok(out.user.map(User::from_sdk).unwrap_or_else(|| User {
            username: username.to_string(),
            enabled: true,
            status: String::new(),
            attributes: BTreeMap::new(),
        }))
    }

    pub async fn cognito_update_attrs(
        &self,
        pool: &str,
        username: &str,
        attrs: &[(&str, &str)],
    ) -> AwsResult<()> {
        self.cognito
            .admin_update_user_attributes()
            .user_pool_id(pool)
            .username(username)
            .set_user_attributes(Some(to_attrs(attrs)))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                classify(
                    format!("cognito-idp:AdminUpdateUserAttributes {username}"),
                    e,
                )
            })
    }

    /// Every user of the pool (paginated). Cognito's ListUsers filter cannot match custom
    /// attributes, so tenant selection happens in the caller.
    pub async fn cognito_list_users(&self, pool: &str) -> AwsResult<Vec<User>> {
        let mut out = Vec::new();
        let mut pages = self
            .cognito
            .list_users()
            .user_pool_id(pool)
            .limit(60)
            .into_paginator()
            .send();
        while let Some(p) = pages.next().await {
            let p = p.map_err(|e| classify(format!("cognito-idp:ListUsers {pool}"), e))?;
            out.extend(p.users.unwrap_or_default().into_iter().map(User::from_sdk));
        }
        Ok(out)
    }

    pub async fn cognito_set_enabled(
        &self,
        pool: &str,
        username: &str,
        enabled: bool,
    ) -> AwsResult<()> {
        let r = if enabled {
            self.cognito
                .admin_enable_user()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify(format!("cognito-idp:AdminEnableUser {username}"), e))
        } else {
            self.cognito
                .admin_disable_user()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify(format!("cognito-idp:AdminDisableUser {username}"), e))
        };
        r
    }

    pub async fn cognito_global_sign_out(&self, pool: &str, username: &str) -> AwsResult<()> {
        self.cognito
            .admin_user_global_sign_out()
            .user_pool_id(pool)
            .username(username)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(format!("cognito-idp:AdminUserGlobalSignOut {username}"), e))
    }

    pub async fn cognito_delete_user(&self, pool: &str, username: &str) -> AwsResult<()> {
        self.cognito
            .admin_delete_user()
            .user_pool_id(pool)
            .username(username)
            .send()
            .await
            .map_err(|e| classify(format!("cognito-idp:AdminDeleteUser {username}"), e))
            .optional()
            .map(|_| ())
    }
}
