//! Storage usage per tenant: bytes and objects currently under the tenant's data prefix
//! (ListObjectsV2 sums). A usage column next to cost, not a cost itself.

use futures::stream::{self, StreamExt, TryStreamExt};

use crate::aws::Aws;
use crate::error::Result;
use crate::naming::Names;
use crate::platform::index::TenantSummary;
use crate::record::Status;

use super::report::Usage;

/// Usage of every non-offboarded tenant, listing up to `concurrency` prefixes at once.
/// Sorted by tenant id.
pub async fn storage(
    aws: &Aws,
    names: &Names,
    records: &[TenantSummary],
    concurrency: usize,
) -> Result<Vec<Usage>> {
    let bucket = names.data_bucket.clone();
    let mut out: Vec<Usage> =
        stream::iter(records.iter().filter(|r| r.status != Status::Offboarded))
            .map(|r| {
                let prefix = names.data_prefix(&r.tier, &r.tenant);
                let bucket = bucket.clone();
                async move {
                    let objects = aws.s3_list(&bucket, &prefix).await?;
                    Ok::<Usage, crate::error::Error>(Usage {
                        tenant: r.tenant.to_string(),
                        tier: r.tier.to_string(),
                        bytes: objects.iter().map(|o| o.size.max(0) as u64).sum(),
                        objects: objects.len() as u64,
                        prefix: format!("s3://{bucket}/{prefix}"),
                    })
                }
            })
            .buffer_unordered(concurrency.max(1))
            .try_collect()
            .await?;
    out.sort_by(|a, b| a.tenant.cmp(&b.tenant));
    Ok(out)
}

/// Human size: 1.5 MiB, 312 B.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = b as f64; // display only; never used for money
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_bytes() {
        assert_eq!(super::human_bytes(312), "312 B");
        assert_eq!(super::human_bytes(1536), "1.5 KiB");
        assert_eq!(super::human_bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
    }
}
