//! The tenant registry: tenant records in SSM below `/<ns>/tenants/`.

use chrono::Utc;

use crate::error::Result;
use crate::ids::TenantId;
use crate::record::{Journal, TenantRecord};

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
        let params = self
            .aws
            .ssm_get_by_path(&self.names.ssm_tenants_root())
            .await?;
        let mut out = Vec::new();
        for p in params.iter().filter(|p| p.name.ends_with("/record")) {
            out.push(TenantRecord::parse(&p.value, &p.name)?);
        }
        out.sort_by(|a, b| a.tenant.cmp(&b.tenant));
        Ok(out)
    }

    /// Write the record (overwriting), stamping `updated_at`.
    pub async fn save_record(&self, rec: &mut TenantRecord) -> Result<()> {
        rec.updated_at = Utc::now();
        let name = self.names.ssm_tenant_record(&rec.tenant);
        self.write(self.aws.ssm_put(&name, &rec.to_json(), true, &[]))
            .await?;
        Ok(())
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
}
