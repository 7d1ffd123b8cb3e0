//! CUR 2.0 Parquet fixtures written from Rust (the parquet crate tenantctl already links), so
//! the tests need nothing else installed. Column names and types are CUR 2.0's (AWS Data
//! Exports, COST_AND_USAGE_REPORT): timestamps, doubles for costs and usage, strings, and the
//! `tags` map<string,string> holding `resourceTags/…` and `iamPrincipal/…` keys.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// One CUR line item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Usage start day, YYYY-MM-DD (the hour is 10:00 UTC).
    pub day: String,
    pub product: String,
    pub usage_type: String,
    pub usage: f64,
    pub cost: f64,
    pub principal: Option<String>,
    /// Entries of the `tags` map (e.g. `resourceTags/ClinicId`, `iamPrincipal/ClinicId`).
    pub tags: Vec<(String, String)>,
}

impl Item {
    pub fn new(day: &str, product: &str, cost: f64) -> Item {
        Item {
            day: day.into(),
            product: product.into(),
            usage_type: "USE1-Requests".into(),
            usage: 1.0,
            cost,
            principal: None,
            tags: Vec::new(),
        }
    }
    /// A resource tag `ClinicId`.
    pub fn tagged(mut self, tenant: &str) -> Item {
        self.tags
            .push(("resourceTags/ClinicId".into(), tenant.into()));
        self
    }
    /// Called by a TVM session of `tenant` (principal tags ClinicId/Tier/UserId).
    pub fn caller(mut self, tenant: &str, tier: &str) -> Item {
        self.principal = Some(format!(
            "arn:aws:sts::123456789012:assumed-role/tvm/{tenant}-user-1"
        ));
        self.tags
            .push(("iamPrincipal/ClinicId".into(), tenant.into()));
        self.tags.push(("iamPrincipal/Tier".into(), tier.into()));
        self.tags
            .push(("iamPrincipal/UserId".into(), format!("{tenant}-user-1")));
        self
    }
    /// Bedrock tokens: the metered usage `--allocate-shared usage` splits by.
    pub fn tokens(mut self, n: f64) -> Item {
        self.usage_type = "USE1-MistralMinistral8B-input-tokens".into();
        self.usage = n;
        self
    }
}

const COLUMNS: &[(&str, &str)] = &[
    (
        "line_item_usage_start_date",
        "optional int64 line_item_usage_start_date (TIMESTAMP(MILLIS,false));",
    ),
    (
        "line_item_line_item_type",
        "optional binary line_item_line_item_type (STRING);",
    ),
    (
        "line_item_product_code",
        "optional binary line_item_product_code (STRING);",
    ),
    (
        "line_item_usage_type",
        "optional binary line_item_usage_type (STRING);",
    ),
    (
        "line_item_usage_amount",
        "optional double line_item_usage_amount;",
    ),
    (
        "line_item_unblended_cost",
        "optional double line_item_unblended_cost;",
    ),
    (
        "line_item_blended_cost",
        "optional double line_item_blended_cost;",
    ),
    (
        "line_item_currency_code",
        "optional binary line_item_currency_code (STRING);",
    ),
    (
        "line_item_iam_principal",
        "optional binary line_item_iam_principal (STRING);",
    ),
    (
        "product",
        "optional group product (MAP) { repeated group key_value { required binary key (STRING); optional binary value (STRING); } }",
    ),
    (
        "tags",
        "optional group tags (MAP) { repeated group key_value { required binary key (STRING); optional binary value (STRING); } }",
    ),
];

fn millis(day: &str) -> i64 {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    d.and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

/// Cost Explorer's SERVICE name of a product code (the `product_name` of the `product` map).
pub fn product_name(code: &str) -> &'static str {
    match code {
        "AmazonBedrock" => "Amazon Bedrock",
        "AmazonS3" => "Amazon Simple Storage Service",
        "AWSLambda" => "AWS Lambda",
        "AmazonDynamoDB" => "Amazon DynamoDB",
        _ => "Other",
    }
}

/// Write `items` as one CUR 2.0 Parquet file (Snappy, `row_group` rows per row group),
/// leaving out the columns named in `omit`.
pub fn write(path: &Path, items: &[Item], omit: &[&str], row_group: usize) {
    let fields: Vec<&str> = COLUMNS
        .iter()
        .filter(|(n, _)| !omit.contains(n))
        .map(|(_, f)| *f)
        .collect();
    let schema =
        Arc::new(parse_message_type(&format!("message cur {{ {} }}", fields.join(" "))).unwrap());
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    for chunk in items.chunks(row_group.max(1)) {
        let mut rg = w.next_row_group().unwrap();
        for (name, _) in COLUMNS.iter().filter(|(n, _)| !omit.contains(n)) {
            let ones = vec![1i16; chunk.len()];
            let bytes = |f: &dyn Fn(&Item) -> String| -> Vec<ByteArray> {
                chunk
                    .iter()
                    .map(|i| ByteArray::from(f(i).as_str()))
                    .collect()
            };
            match *name {
                "line_item_usage_start_date" => {
                    let mut c = rg.next_column().unwrap().unwrap();
                    let v: Vec<i64> = chunk.iter().map(|i| millis(&i.day)).collect();
                    c.typed::<Int64Type>()
                        .write_batch(&v, Some(&ones), None)
                        .unwrap();
                    c.close().unwrap();
                }
                "line_item_usage_amount"
                | "line_item_unblended_cost"
                | "line_item_blended_cost" => {
                    let mut c = rg.next_column().unwrap().unwrap();
                    let v: Vec<f64> = chunk
                        .iter()
                        .map(|i| {
                            if *name == "line_item_usage_amount" {
                                i.usage
                            } else {
                                i.cost
                            }
                        })
                        .collect();
                    c.typed::<DoubleType>()
                        .write_batch(&v, Some(&ones), None)
                        .unwrap();
                    c.close().unwrap();
                }
                "line_item_iam_principal" => {
                    let mut c = rg.next_column().unwrap().unwrap();
                    let v: Vec<ByteArray> = chunk
                        .iter()
                        .filter_map(|i| i.principal.as_deref().map(ByteArray::from))
                        .collect();
                    let def: Vec<i16> = chunk
                        .iter()
                        .map(|i| i16::from(i.principal.is_some()))
                        .collect();
                    c.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&def), None)
                        .unwrap();
                    c.close().unwrap();
                }
                "tags" | "product" => {
                    // key leaf: max def 2, max rep 1; value leaf: max def 3.
                    let (mut kv, mut kdef, mut rep, mut vv, mut vdef) =
                        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
                    let entries = |i: &Item| -> Vec<(String, String)> {
                        if *name == "tags" {
                            i.tags.clone()
                        } else {
                            vec![
                                ("product_name".into(), product_name(&i.product).into()),
                                ("region".into(), "us-east-1".into()),
                            ]
                        }
                    };
                    for i in chunk {
                        let pairs = entries(i);
                        if pairs.is_empty() {
                            kdef.push(1);
                            vdef.push(1);
                            rep.push(0);
                        }
                        for (n, (k, v)) in pairs.iter().enumerate() {
                            kv.push(ByteArray::from(k.as_str()));
                            vv.push(ByteArray::from(v.as_str()));
                            kdef.push(2);
                            vdef.push(3);
                            rep.push(if n == 0 { 0 } else { 1 });
                        }
                    }
                    let mut c = rg.next_column().unwrap().unwrap();
                    c.typed::<ByteArrayType>()
                        .write_batch(&kv, Some(&kdef), Some(&rep))
                        .unwrap();
                    c.close().unwrap();
                    let mut c = rg.next_column().unwrap().unwrap();
                    c.typed::<ByteArrayType>()
                        .write_batch(&vv, Some(&vdef), Some(&rep))
                        .unwrap();
                    c.close().unwrap();
                }
                _ => {
                    let v = match *name {
                        "line_item_line_item_type" => bytes(&|_| "Usage".into()),
                        "line_item_product_code" => bytes(&|i| i.product.clone()),
                        "line_item_usage_type" => bytes(&|i| i.usage_type.clone()),
                        "line_item_currency_code" => bytes(&|_| "USD".into()),
                        other => panic!("no writer for {other}"),
                    };
                    let mut c = rg.next_column().unwrap().unwrap();
                    c.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&ones), None)
                        .unwrap();
                    c.close().unwrap();
                }
            }
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}
