//! The tenant registry: tenant records in SSM below `/<ns>/tenants/`, and each tenant's
//! membership (its users by Cognito `sub`) in the archive bucket.

use chrono::Utc;

use crate::aws::ssm::Parameter;
use crate::error::Result;
use crate::ids::TenantId;
use crate::naming::Names;
use crate::record::{Journal, Membership, TenantRecord};

use super::Platform;

impl Platform {
    pub async fn load_record(&self, t: &TenantId) -> Result<Option<TenantRecord>> {
        let name = self.names.ssm_tenant_record(t);
        match self.aws.ssm_get(&name).await? {
            Some(p) => Ok(Some(TenantRecord::parse(&p.value, &name)?)),
            None => Ok(None),
        }
    }

    /// Every tenant record (one paginated GetParametersByPath), sorted by tenant id.
    pub async fn load_all_records(&self) -> Result<Vec<TenantRecord>> {
        Ok(self.load_registry().await?.0)
    }

    /// Every tenant record, sorted by tenant id, and every parameter below the tenants' root
    /// (records included) as read: one paginated GetParametersByPath, 10 parameters a page,
    /// so about 2N/10 calls for N tenants (record and project-id each).
    pub async fn load_registry(&self) -> Result<(Vec<TenantRecord>, Vec<Parameter>)> {
        let params = self
            .aws
            .ssm_get_by_path(&self.names.ssm_tenants_root())
            .await?;
        let mut out = Vec::new();
        for p in params.iter().filter(|p| p.name.ends_with("/record")) {
            out.push(TenantRecord::parse(&p.value, &p.name)?);
        }
        out.sort_by(|a, b| a.tenant.cmp(&b.tenant));
        Ok((out, params))
    }

    /// Write the record (overwriting), stamping `updated_at`, then its registry index entry.
    pub async fn save_record(&self, rec: &mut TenantRecord) -> Result<()> {
        rec.updated_at = Utc::now();
        let name = self.names.ssm_tenant_record(&rec.tenant);
        self.write(self.aws.ssm_put(&name, &rec.to_json(), true, &[]))
            .await?;
        self.index_record(rec).await
    }

    /// Create the record only if none exists (`PutParameter` without overwrite), stamping
    /// `updated_at`: false, writing nothing, when a record is already there (another operator
    /// registered the tenant since it was observed absent, or an SDK retry of this very write
    /// whose first attempt landed). The first write of a tenant planned as new, so a plan made
    /// before the tenant's lease was taken needs no re-read to know it is still current.
    pub async fn create_record(&self, rec: &mut TenantRecord) -> Result<bool> {
        rec.updated_at = Utc::now();
        let name = self.names.ssm_tenant_record(&rec.tenant);
        match self
            .write(self.aws.ssm_put(&name, &rec.to_json(), false, &[]))
            .await
        {
            Ok(_) => self.index_record(rec).await.map(|()| true),
            Err(e) if e.kind == crate::aws::AwsErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Record that `operation` finished `step` (the journal a re-run reads to explain where it resumes).
    pub async fn journal(&self, rec: &mut TenantRecord, operation: &str, step: &str) -> Result<()> {
        rec.journal = Some(Journal {
            operation: operation.into(),
            step: step.into(),
            at: Utc::now(),
        });
        self.save_record(rec).await
    }

    /// The tenant's recorded membership; `None` for a tenant registered before tenantctl
    /// recorded memberships (or never onboarded).
    pub async fn load_membership(&self, t: &TenantId) -> Result<Option<Membership>> {
        let (bucket, key) = (&self.names.archive_bucket, self.names.membership_key(t));
        match self.aws.s3_get_bytes(bucket, &key).await? {
            Some(bytes) => Ok(Some(Membership::parse(
                &bytes,
                &Names::s3_uri(bucket, &key),
            )?)),
            None => Ok(None),
        }
    }

    /// Write the membership (a new version of the object: the bucket keeps every earlier one,
    /// which answers "who was a member when"), then the member count in the registry index.
    pub async fn save_membership(&self, m: &mut Membership) -> Result<()> {
        m.updated_at = Utc::now();
        m.updated_by = self.caller.arn.clone();
        let body = serde_json::to_vec_pretty(m).expect("membership serialises");
        let key = self.names.membership_key(&m.tenant);
        self.write(
            self.aws
                .s3_put(&self.names.archive_bucket, &key, body, &Default::default()),
        )
        .await?;
        self.index_members(m).await
    }
}
