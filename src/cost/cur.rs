//! CUR 2.0 (AWS Data Exports, "Cost and Usage Report 2.0") Parquet files as a cost source:
//! the embedded engine of `cost report --source cur`.
//!
//! Only the needed columns are read (projection), with the parquet crate's low-level column
//! readers, a few thousand rows at a time; every row is folded into a hash map keyed by
//! (period, owner, service, attribution), so memory stays constant whatever the number of line
//! items (it grows with tenants × services × periods, the size of the report itself).
//!
//! Attribution of a line item (`attribute`): the resource tag (`resourceTags/ClinicId` in the
//! `tags` map) where present → `tagged`; else the caller's principal tag
//! (`iamPrincipal/ClinicId`, present when the export includes caller identity) → `metered`;
//! else the untagged remainder. Nothing is dropped: lines without a tenant stay untagged, tag
//! values that match no tenant become unknown tenants in the report.
//!
//! Money: costs are doubles in CUR 2.0. Each is rounded to 10 decimals (the precision AWS
//! bills in) and summed exactly as an integer of 1e-10 units, so the order of the rows (and
//! the number of threads) never changes a cent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as PhysicalType};
use parquet::column::reader::{get_typed_column_reader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, ByteArrayType, DataType, DoubleType, Int64Type, Int96Type};
use parquet::file::reader::{ChunkReader, FileReader, RowGroupReader, SerializedFileReader};
use parquet::schema::types::SchemaDescriptor;
use rust_decimal::Decimal;

use crate::aws::ce::CeMetric;
use crate::aws::Aws;
use crate::error::{Error, Result};
use crate::hash::FxMap;
use crate::naming::{TAG_CLINIC_ID, TAG_TIER};

use super::dates::{iso, DateRange, Granularity};
use super::sources::{Costs, LineRef, OwnerRef, PeriodCosts, Totals, View};

/// CUR 2.0 column names (AWS Data Exports table `COST_AND_USAGE_REPORT`).
pub const COL_START: &str = "line_item_usage_start_date";
pub const COL_PRODUCT: &str = "line_item_product_code";
pub const COL_USAGE_TYPE: &str = "line_item_usage_type";
pub const COL_USAGE_AMOUNT: &str = "line_item_usage_amount";
pub const COL_CURRENCY: &str = "line_item_currency_code";
pub const COL_PRINCIPAL: &str = "line_item_iam_principal";
pub const COL_TAGS: &str = "tags";
pub const COL_PRODUCT_MAP: &str = "product";
/// The key of `product` holding the service's display name.
pub const PRODUCT_NAME_KEY: &str = "product_name";
/// Prefix of resource tags in the `tags` map.
pub const RESOURCE_PREFIX: &str = "resourceTags/";
/// Prefix of the caller's principal (session) tags in the `tags` map.
pub const PRINCIPAL_PREFIX: &str = "iamPrincipal/";
/// The product whose usage `--allocate-shared usage` meters.
pub const USAGE_PRODUCT: &str = "AmazonBedrock";
/// Usage types counted as metered usage: Bedrock's input/output token usage types
/// (`USE1-...-input-tokens`), matched case-insensitively.
pub const USAGE_TYPE_MARK: &str = "token";

/// Rows read per column per step.
const BATCH: usize = 4096;
/// Fixed-point scale of the sums: 1e-10 units.
const SCALE: u32 = 10;

/// The cost column of a metric. Amortized metrics are Cost Explorer's computation over
/// reservation and Savings Plans columns; they are not offered on CUR yet.
pub fn cost_column(metric: CeMetric) -> Result<&'static str> {
    match metric {
        CeMetric::Unblended => Ok("line_item_unblended_cost"),
        CeMetric::Blended => Ok("line_item_blended_cost"),
        CeMetric::NetUnblended => Ok("line_item_net_unblended_cost"),
        CeMetric::Amortized | CeMetric::NetAmortized => Err(Error::usage(
            "--metric amortized/net-amortized is not available with --source cur or athena: use unblended, blended or net-unblended, or --source cost-explorer",
        )),
    }
}

/// The tag keys a view attributes by, in the order tried: the resource tag forms, then the
/// principal tag. `None` for the service view.
pub struct TagKeys {
    pub resource: Vec<String>,
    pub principal: String,
}

impl TagKeys {
    pub fn for_view(view: View) -> Option<TagKeys> {
        let key = match view.tag_key()? {
            k if k == TAG_CLINIC_ID => TAG_CLINIC_ID,
            _ => TAG_TIER,
        };
        Some(TagKeys {
            resource: vec![format!("{RESOURCE_PREFIX}{key}"), key.to_string()],
            principal: format!("{PRINCIPAL_PREFIX}{key}"),
        })
    }
}

/// Which tenant a line item is, given its tags: the resource tag first, else the principal
/// tag, else untagged. Empty values count as absent.
pub fn attribute<'a>(
    keys: &TagKeys,
    tags: impl IntoIterator<Item = (&'a [u8], Option<&'a [u8]>)>,
) -> (u8, Option<&'a [u8]>) {
    let mut principal = None;
    for (k, v) in tags {
        let Some(v) = v.filter(|v| !v.is_empty()) else {
            continue;
        };
        if keys.resource.iter().any(|r| r.as_bytes() == k) {
            return (SRC_TAGGED, Some(v));
        }
        if keys.principal.as_bytes() == k {
            principal = Some(v);
        }
    }
    match principal {
        Some(v) => (SRC_METERED, Some(v)),
        None => (SRC_UNTAGGED, None),
    }
}

const SRC_UNTAGGED: u8 = 0;
const SRC_TAGGED: u8 = 1;
const SRC_METERED: u8 = 2;

/// Strings (tenant ids, services) as small integers.
#[derive(Default)]
struct Interner {
    ids: FxMap<Box<[u8]>, u32>,
    names: Vec<String>,
}

impl Interner {
    #[inline]
    fn id(&mut self, s: &[u8]) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(String::from_utf8_lossy(s).into_owned());
        self.ids.insert(s.into(), i);
        i
    }
}

/// Aggregation key: period (24 bits) | service (14 bits) | owner (24 bits, 0 = untagged) |
/// attribution (2 bits).
#[inline]
fn pack(period: u32, service: u32, owner: u32, src: u8) -> u64 {
    ((period as u64) << 40) | ((service as u64) << 26) | ((owner as u64) << 2) | src as u64
}

fn unpack(k: u64) -> (usize, u32, u32, u8) {
    (
        (k >> 40) as usize,
        ((k >> 26) & 0x3fff) as u32,
        ((k >> 2) & 0xff_ffff) as u32,
        (k & 3) as u8,
    )
}

/// What to aggregate.
#[derive(Debug, Clone, Copy)]
pub struct ScanSpec {
    pub range: DateRange,
    pub granularity: Granularity,
    pub view: View,
    pub metric: CeMetric,
    /// Also sum metered usage (for `--allocate-shared usage`).
    pub usage: bool,
    /// Name services by their product name (`product['product_name']`, as Cost Explorer's
    /// SERVICE dimension does: "Amazon Simple Storage Service") instead of
    /// `line_item_product_code` (`cost reconcile`).
    pub service_names: bool,
}

/// One worker's running sums. Workers over disjoint files are merged at the end.
pub struct Aggregator {
    spec: ScanSpec,
    cost_col: &'static str,
    tags: Option<TagKeys>,
    from_day: i64,
    /// Day offset in the range → period index.
    period_of_day: Vec<u32>,
    periods: Vec<(NaiveDate, NaiveDate)>,
    owners: Interner,
    services: Interner,
    /// 1e-10 units in an i64 (±922 million per group and period, checked): half the
    /// memory of i128 for the one structure that grows with the report.
    sums: FxMap<u64, i64>,
    /// A sum or a line item beyond the i64 range (reported by `finish`).
    overflow: bool,
    usage: FxMap<(u32, u32), f64>,
    totals: Vec<i128>,
    currencies: BTreeSet<String>,
    pub rows: u64,
    pub rows_in_range: u64,
    pub files: usize,
    /// Days (since the epoch) of the first and last usage seen, in range or not.
    seen: Option<(i64, i64)>,
    /// Files without `line_item_iam_principal` (no caller identity in the export).
    pub without_principal: Vec<String>,
}

fn days_since_epoch(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days()
}

/// Timestamp column decoding: INT64 with a unit, or legacy INT96.
#[derive(Debug, Clone, Copy)]
enum TsKind {
    Int64 { per_day: i64 },
    Int96,
}

fn not_cur(file: &str, what: String) -> Error {
    Error::usage(format!("{file}: {what}"))
        .with_hint("--source cur reads the Parquet files of a CUR 2.0 export (AWS Data Exports, table COST_AND_USAGE_REPORT); `tenantctl cost setup` creates one")
}

/// Leaf column index by its dotted path.
fn leaf(schema: &SchemaDescriptor, path: &str) -> Option<usize> {
    (0..schema.num_columns()).find(|&i| schema.column(i).path().string() == path)
}

fn require(schema: &SchemaDescriptor, file: &str, name: &str, ty: PhysicalType) -> Result<usize> {
    let i = leaf(schema, name).ok_or_else(|| {
        not_cur(
            file,
            format!("column `{name}` is missing (not a CUR 2.0 file, or an export whose query leaves `{name}` out: add it)"),
        )
    })?;
    let got = schema.column(i).physical_type();
    if got != ty {
        return Err(not_cur(
            file,
            format!("column `{name}` is {got}, expected {ty} as in CUR 2.0"),
        ));
    }
    Ok(i)
}

/// A flat (non-repeated) column read in steps of `BATCH` rows.
struct Flat<T: DataType> {
    r: ColumnReaderImpl<T>,
    def: Vec<i16>,
    vals: Vec<T::T>,
    max_def: i16,
    vi: usize,
}

impl<T: DataType> Flat<T> {
    fn new(r: ColumnReaderImpl<T>, max_def: i16) -> Self {
        Flat {
            r,
            def: Vec::with_capacity(BATCH),
            vals: Vec::with_capacity(BATCH),
            max_def,
            vi: 0,
        }
    }
    fn fill(&mut self, n: usize) -> Result<usize> {
        self.def.clear();
        self.vals.clear();
        self.vi = 0;
        let (records, _, _) = self
            .r
            .read_records(n, Some(&mut self.def), None, &mut self.vals)
            .map_err(|e| Error::usage(format!("reading Parquet: {e}")))?;
        Ok(records)
    }
    /// The value of row `i` of the step (rows must be visited in order).
    #[inline]
    fn get(&mut self, i: usize) -> Option<&T::T> {
        if self.max_def == 0 || self.def[i] == self.max_def {
            let v = &self.vals[self.vi];
            self.vi += 1;
            Some(v)
        } else {
            None
        }
    }
}

/// The `tags` map column: its key and value leaves, read together.
struct MapCol {
    keys: ColumnReaderImpl<ByteArrayType>,
    vals: ColumnReaderImpl<ByteArrayType>,
    kdef: Vec<i16>,
    krep: Vec<i16>,
    kv: Vec<ByteArray>,
    vdef: Vec<i16>,
    vrep: Vec<i16>,
    vv: Vec<ByteArray>,
    key_def: i16,
    val_def: i16,
    li: usize,
    ki: usize,
    vi: usize,
}

impl MapCol {
    fn fill(&mut self, n: usize) -> Result<usize> {
        for v in [
            &mut self.kdef,
            &mut self.krep,
            &mut self.vdef,
            &mut self.vrep,
        ] {
            v.clear();
        }
        self.kv.clear();
        self.vv.clear();
        self.li = 0;
        self.ki = 0;
        self.vi = 0;
        let err = |e: parquet::errors::ParquetError| Error::usage(format!("reading Parquet: {e}"));
        let (a, _, _) = self
            .keys
            .read_records(n, Some(&mut self.kdef), Some(&mut self.krep), &mut self.kv)
            .map_err(err)?;
        let (b, _, _) = self
            .vals
            .read_records(n, Some(&mut self.vdef), Some(&mut self.vrep), &mut self.vv)
            .map_err(err)?;
        if a != b || self.kdef.len() != self.vdef.len() {
            return Err(Error::usage(
                "the `tags` map's keys and values do not line up: not a valid CUR 2.0 map column",
            ));
        }
        Ok(a)
    }

    /// The entries of the next row: (key, value) pairs, value `None` when null.
    #[inline]
    fn next_row(&mut self, out: &mut Vec<(usize, Option<usize>)>) {
        out.clear();
        let n = self.kdef.len();
        let mut first = true;
        while self.li < n && (first || self.krep[self.li] != 0) {
            first = false;
            let l = self.li;
            self.li += 1;
            if self.kdef[l] >= self.key_def {
                let k = self.ki;
                self.ki += 1;
                let v = if self.vdef[l] >= self.val_def {
                    self.vi += 1;
                    Some(self.vi - 1)
                } else {
                    None
                };
                out.push((k, v));
            } else if self.vdef[l] >= self.val_def {
                // A value without a key cannot happen in a map; keep the cursors in step.
                self.vi += 1;
            }
        }
    }
}

/// Where a file's columns are (leaf indices), found once per file.
struct Columns {
    ts: TsKind,
    start: usize,
    cost: usize,
    currency: usize,
    product: usize,
    /// Usage type and amount, when metered usage is asked for.
    usage: Option<(usize, usize)>,
    /// The `product` map's key and value, when service names are asked for (and present).
    product_map: Option<(usize, usize)>,
    /// The `tags` map's key and value, when the view attributes by tag.
    tags: Option<(usize, usize)>,
}

/// How the usage start column encodes its timestamps.
fn timestamp_kind(schema: &SchemaDescriptor, name: &str, start_i: usize) -> Result<TsKind> {
    let start_desc = schema.column(start_i);
    match start_desc.physical_type() {
        PhysicalType::INT96 => Ok(TsKind::Int96),
        PhysicalType::INT64 => {
            let unit = match (start_desc.logical_type_ref(), start_desc.converted_type()) {
                (Some(LogicalType::Timestamp(t)), _) => Some(match t.unit {
                    TimeUnit::MILLIS => 86_400_000,
                    TimeUnit::MICROS => 86_400_000_000,
                    TimeUnit::NANOS => 86_400_000_000_000,
                }),
                (_, ConvertedType::TIMESTAMP_MILLIS) => Some(86_400_000),
                (_, ConvertedType::TIMESTAMP_MICROS) => Some(86_400_000_000),
                _ => None,
            };
            match unit {
                Some(per_day) => Ok(TsKind::Int64 { per_day }),
                None => Err(not_cur(
                    name,
                    format!("column `{COL_START}` is an INT64 without a timestamp type, expected a timestamp as in CUR 2.0"),
                )),
            }
        }
        t => Err(not_cur(
            name,
            format!("column `{COL_START}` is {t}, expected a timestamp as in CUR 2.0"),
        )),
    }
}

/// A map column's key or value leaf: `<col>.<group>.<last>` (the group is `key_value` as
/// written by Spark/Arrow; any name is accepted).
fn map_leaf(schema: &SchemaDescriptor, col: &str, last: &str) -> Option<usize> {
    (0..schema.num_columns()).find(|&i| {
        let c = schema.column(i);
        let p = c.path().parts();
        p.len() == 3 && p[0] == col && p[2] == last
    })
}

/// The entries of the current row's maps, reused from row to row (no allocation per row).
#[derive(Default)]
struct Entries {
    tags: Vec<(usize, Option<usize>)>,
    products: Vec<(usize, Option<usize>)>,
}

/// The column readers of one row group, read a batch at a time.
struct Group {
    start64: Option<Flat<Int64Type>>,
    start96: Option<Flat<Int96Type>>,
    cost: Flat<DoubleType>,
    currency: Flat<ByteArrayType>,
    product: Flat<ByteArrayType>,
    usage: Option<(Flat<ByteArrayType>, Flat<DoubleType>)>,
    tags: Option<MapCol>,
    products: Option<MapCol>,
    /// The currency last added to the set.
    last_currency: Vec<u8>,
}

impl Group {
    fn open(
        rg: &dyn RowGroupReader,
        schema: &SchemaDescriptor,
        cols: &Columns,
        name: &str,
    ) -> Result<Group> {
        let err = |e: parquet::errors::ParquetError| {
            Error::usage(format!("{name}: reading Parquet: {e}"))
        };
        let col = |i: usize| rg.get_column_reader(i).map_err(err);
        let def = |i: usize| schema.column(i).max_def_level();
        let start_i = cols.start;
        let start64 = match cols.ts {
            TsKind::Int64 { .. } => Some(Flat::<Int64Type>::new(
                get_typed_column_reader(col(start_i)?),
                def(start_i),
            )),
            TsKind::Int96 => None,
        };
        let start96 = match cols.ts {
            TsKind::Int96 => Some(Flat::<Int96Type>::new(
                get_typed_column_reader(col(start_i)?),
                def(start_i),
            )),
            TsKind::Int64 { .. } => None,
        };
        let cost =
            Flat::<DoubleType>::new(get_typed_column_reader(col(cols.cost)?), def(cols.cost));
        let currency = Flat::<ByteArrayType>::new(
            get_typed_column_reader(col(cols.currency)?),
            def(cols.currency),
        );
        let product = Flat::<ByteArrayType>::new(
            get_typed_column_reader(col(cols.product)?),
            def(cols.product),
        );
        let usage = match cols.usage {
            Some((t, a)) => Some((
                Flat::<ByteArrayType>::new(get_typed_column_reader(col(t)?), def(t)),
                Flat::<DoubleType>::new(get_typed_column_reader(col(a)?), def(a)),
            )),
            None => None,
        };
        let map = |(k, v): (usize, usize)| -> Result<MapCol> {
            Ok(MapCol {
                keys: get_typed_column_reader(col(k)?),
                vals: get_typed_column_reader(col(v)?),
                kdef: Vec::new(),
                krep: Vec::new(),
                kv: Vec::new(),
                vdef: Vec::new(),
                vrep: Vec::new(),
                vv: Vec::new(),
                key_def: def(k),
                val_def: def(v),
                li: 0,
                ki: 0,
                vi: 0,
            })
        };
        let tags = cols.tags.map(map).transpose()?;
        let products = cols.product_map.map(map).transpose()?;
        Ok(Group {
            start64,
            start96,
            cost,
            currency,
            product,
            usage,
            tags,
            products,
            last_currency: Vec::new(),
        })
    }

    /// Reads the next batch of every column; the number of rows (0: the group is done).
    fn fill(&mut self, name: &str) -> Result<usize> {
        let n = match (&mut self.start64, &mut self.start96) {
            (Some(s), _) => s.fill(BATCH)?,
            (_, Some(s)) => s.fill(BATCH)?,
            _ => unreachable!("one timestamp reader"),
        };
        if n == 0 {
            return Ok(0);
        }
        let mut same = self.cost.fill(n)? == n;
        same &= self.currency.fill(n)? == n;
        same &= self.product.fill(n)? == n;
        if let Some((t, a)) = &mut self.usage {
            same &= t.fill(n)? == n;
            same &= a.fill(n)? == n;
        }
        if let Some(m) = &mut self.tags {
            same &= m.fill(n)? == n;
        }
        if let Some(m) = &mut self.products {
            same &= m.fill(n)? == n;
        }
        if !same {
            return Err(not_cur(
                name,
                "columns of a row group have different row counts".into(),
            ));
        }
        Ok(n)
    }

    /// The usage day (since the epoch) of row `i` of the batch; None when null.
    #[inline]
    fn day(&mut self, i: usize, ts: TsKind) -> Option<i64> {
        match (&mut self.start64, &mut self.start96, ts) {
            (Some(s), _, TsKind::Int64 { per_day }) => s.get(i).map(|v| v.div_euclid(per_day)),
            (_, Some(s), _) => s
                .get(i)
                .map(|v| v.to_nanos().div_euclid(86_400_000_000_000)),
            _ => None,
        }
    }
}

impl Aggregator {
    pub fn new(spec: ScanSpec) -> Result<Aggregator> {
        let cost_col = cost_column(spec.metric)?;
        let periods = spec.range.periods(spec.granularity);
        let ndays = (spec.range.to - spec.range.from).num_days().max(0) as usize;
        let mut period_of_day = Vec::with_capacity(ndays);
        for (i, (s, e)) in periods.iter().enumerate() {
            for _ in 0..(*e - *s).num_days() {
                period_of_day.push(i as u32);
            }
        }
        Ok(Aggregator {
            spec,
            cost_col,
            tags: TagKeys::for_view(spec.view),
            from_day: days_since_epoch(spec.range.from),
            totals: vec![0; periods.len()],
            period_of_day,
            periods,
            owners: Interner::default(),
            services: Interner::default(),
            sums: FxMap::default(),
            overflow: false,
            usage: FxMap::default(),
            currencies: BTreeSet::new(),
            rows: 0,
            rows_in_range: 0,
            files: 0,
            seen: None,
            without_principal: Vec::new(),
        })
    }

    /// Fold one Parquet file into the sums. `name` is for messages.
    pub fn add_file<R: ChunkReader + 'static>(&mut self, name: &str, data: R) -> Result<()> {
        let reader = SerializedFileReader::new(data)
            .map_err(|e| not_cur(name, format!("not a Parquet file ({e})")))?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let schema = schema.as_ref();
        let cols = self.columns(schema, name)?;
        if leaf(schema, COL_PRINCIPAL).is_none() {
            self.without_principal.push(name.to_string());
        }
        self.files += 1;

        let mut entries = Entries::default();
        for g in 0..reader.num_row_groups() {
            let rg = reader
                .get_row_group(g)
                .map_err(|e| Error::usage(format!("{name}: reading Parquet: {e}")))?;
            let mut group = Group::open(rg.as_ref(), schema, &cols, name)?;
            loop {
                let n = group.fill(name)?;
                if n == 0 {
                    break;
                }
                for i in 0..n {
                    self.add_row(&mut group, &mut entries, i, cols.ts)?;
                }
            }
        }
        Ok(())
    }

    /// The file's columns, checked against CUR 2.0 (names and physical types).
    fn columns(&self, schema: &SchemaDescriptor, name: &str) -> Result<Columns> {
        let start = leaf(schema, COL_START).ok_or_else(|| {
            not_cur(
                name,
                format!("column `{COL_START}` is missing (not a CUR 2.0 file)"),
            )
        })?;
        let ts = timestamp_kind(schema, name, start)?;
        let cost = require(schema, name, self.cost_col, PhysicalType::DOUBLE)?;
        let currency = require(schema, name, COL_CURRENCY, PhysicalType::BYTE_ARRAY)?;
        let product = require(schema, name, COL_PRODUCT, PhysicalType::BYTE_ARRAY)?;
        let usage = if self.spec.usage {
            Some((
                require(schema, name, COL_USAGE_TYPE, PhysicalType::BYTE_ARRAY)?,
                require(schema, name, COL_USAGE_AMOUNT, PhysicalType::DOUBLE)?,
            ))
        } else {
            None
        };
        let product_map = if self.spec.service_names {
            match (
                map_leaf(schema, COL_PRODUCT_MAP, "key"),
                map_leaf(schema, COL_PRODUCT_MAP, "value"),
            ) {
                (Some(k), Some(v)) => Some((k, v)),
                _ => None,
            }
        } else {
            None
        };
        let tags = match self.tags {
            Some(_) => match (
                map_leaf(schema, COL_TAGS, "key"),
                map_leaf(schema, COL_TAGS, "value"),
            ) {
                (Some(k), Some(v))
                    if schema.column(k).physical_type() == PhysicalType::BYTE_ARRAY
                        && schema.column(v).physical_type() == PhysicalType::BYTE_ARRAY =>
                {
                    Some((k, v))
                }
                _ => {
                    return Err(not_cur(
                        name,
                        format!("column `{COL_TAGS}` (map<string,string>) is missing (not a CUR 2.0 file, or an export without the tags column: add it)"),
                    ))
                }
            },
            None => None,
        };
        Ok(Columns {
            ts,
            start,
            cost,
            currency,
            product,
            usage,
            product_map,
            tags,
        })
    }

    /// Fold row `i` of the group's current batch into the sums.
    #[inline]
    fn add_row(
        &mut self,
        g: &mut Group,
        entries: &mut Entries,
        i: usize,
        ts: TsKind,
    ) -> Result<()> {
        self.rows += 1;
        let day = g.day(i, ts);
        let c = g.cost.get(i).copied();
        let cur = g.currency.get(i).map(|b| b.data());
        let prod = g.product.get(i).map(|b| b.data());
        let use_row = g
            .usage
            .as_mut()
            .map(|(t, a)| (t.get(i).map(|b| b.data()), a.get(i).copied()));
        if let Some(m) = &mut g.tags {
            m.next_row(&mut entries.tags);
        }
        if let Some(m) = &mut g.products {
            m.next_row(&mut entries.products);
        }
        let Some(day) = day else { return Ok(()) };
        self.seen = Some(match self.seen {
            None => (day, day),
            Some((a, b)) => (a.min(day), b.max(day)),
        });
        let off = day - self.from_day;
        if off < 0 || off as usize >= self.period_of_day.len() {
            return Ok(());
        }
        self.rows_in_range += 1;
        let period = self.period_of_day[off as usize];
        if let Some(cur) = cur.filter(|c| !c.is_empty()) {
            // Most files have one currency: only a change of currency allocates.
            if cur != g.last_currency.as_slice() {
                g.last_currency = cur.to_vec();
                self.currencies
                    .insert(String::from_utf8_lossy(cur).into_owned());
            }
        }
        let (src, owner) = self.owner(g.tags.as_ref(), &entries.tags);
        let service = self.service(g.products.as_ref(), &entries.products, prod);
        if owner > 0xff_fffe || service > 0x3fff {
            return Err(Error::env(
                "more than 16 million tag values or 16,384 services in one report: narrow the range or the view",
            ));
        }
        self.add_cost(pack(period, service, owner, src), period, c);
        if let Some((Some(t), Some(a))) = use_row {
            if src == SRC_METERED
                && prod == Some(USAGE_PRODUCT.as_bytes())
                && contains_ignore_case(t, USAGE_TYPE_MARK.as_bytes())
            {
                *self.usage.entry((period, owner)).or_insert(0.0) += a;
            }
        }
        Ok(())
    }

    /// The row's attribution and owner id (0: none) from its `tags` entries.
    #[inline]
    fn owner(&mut self, tags: Option<&MapCol>, entries: &[(usize, Option<usize>)]) -> (u8, u32) {
        match (&self.tags, tags) {
            (Some(keys), Some(m)) => {
                let (src, v) = attribute(
                    keys,
                    entries
                        .iter()
                        .map(|(k, v)| (m.kv[*k].data(), v.map(|v| m.vv[v].data()))),
                );
                (src, v.map(|v| self.owners.id(v) + 1).unwrap_or(0))
            }
            _ => (SRC_UNTAGGED, 0),
        }
    }

    /// The row's service id: the `product` map's display name, else the product code.
    #[inline]
    fn service(
        &mut self,
        products: Option<&MapCol>,
        entries: &[(usize, Option<usize>)],
        prod: Option<&[u8]>,
    ) -> u32 {
        if !self.spec.view.has_service() {
            return 0;
        }
        let name = products.and_then(|m| {
            entries.iter().find_map(|(k, v)| {
                (m.kv[*k].data() == PRODUCT_NAME_KEY.as_bytes())
                    .then(|| v.map(|v| m.vv[v].data()))
                    .flatten()
                    .filter(|v| !v.is_empty())
            })
        });
        self.services.id(name.or(prod).unwrap_or_default())
    }

    /// Adds a row's cost to its sum and its period's total; an overflow is remembered.
    #[inline]
    fn add_cost(&mut self, key: u64, period: u32, c: Option<f64>) {
        let units = c.map(to_units).unwrap_or(0);
        let sum = self.sums.entry(key).or_insert(0);
        match sum.checked_add(units) {
            Some(v) if units != i64::MAX && units != i64::MIN => *sum = v,
            _ => self.overflow = true,
        }
        self.totals[period as usize] += units as i128;
    }

    /// Fold another worker's sums (over other files) into these.
    pub fn merge(&mut self, other: Aggregator) {
        let owner_map: Vec<u32> = other
            .owners
            .names
            .iter()
            .map(|n| self.owners.id(n.as_bytes()))
            .collect();
        let service_map: Vec<u32> = other
            .services
            .names
            .iter()
            .map(|n| self.services.id(n.as_bytes()))
            .collect();
        let remap_owner = |o: u32| {
            if o == 0 {
                0
            } else {
                owner_map[o as usize - 1] + 1
            }
        };
        for (k, v) in other.sums {
            let (p, s, o, src) = unpack(k);
            let s = if self.spec.view.has_service() {
                service_map[s as usize]
            } else {
                0
            };
            let sum = self
                .sums
                .entry(pack(p as u32, s, remap_owner(o), src))
                .or_insert(0);
            match sum.checked_add(v) {
                Some(x) => *sum = x,
                None => self.overflow = true,
            }
        }
        for ((p, o), v) in other.usage {
            *self.usage.entry((p, remap_owner(o))).or_insert(0.0) += v;
        }
        for (t, v) in self.totals.iter_mut().zip(other.totals) {
            *t += v;
        }
        self.currencies.extend(other.currencies);
        self.overflow |= other.overflow;
        self.rows += other.rows;
        self.rows_in_range += other.rows_in_range;
        self.files += other.files;
        self.seen = match (self.seen, other.seen) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, None) | (None, x) => x,
        };
        self.without_principal.extend(other.without_principal);
    }

    /// The sums as the report's input. `location` names the input in the "no data" error.
    pub fn finish(self, location: &str) -> Result<(Costs, Totals)> {
        let (costs, totals) = self.finish_sums(location)?;
        Ok((costs.into_costs(), totals))
    }

    /// The sums per period, made into lines when asked for (`CurCosts::period`).
    pub fn finish_sums(self, location: &str) -> Result<(CurCosts, Totals)> {
        if self.files == 0 {
            return Err(Error::usage(format!(
                "{location}: no Parquet files (*.parquet) found"
            ))
            .with_hint("point --source cur at the directory (or s3://bucket/prefix) a CUR 2.0 export delivers to, e.g. .../data/BILLING_PERIOD=2026-10/"));
        }
        if self.rows_in_range == 0 {
            let covered = match self.seen {
                Some((a, b)) => {
                    let d = |x: i64| {
                        iso(NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")
                            + chrono::Days::new(x.max(0) as u64))
                    };
                    format!(
                        "; its {} line items are dated {}..{} (inclusive)",
                        self.rows,
                        d(a),
                        d(b)
                    )
                }
                None => " (the files hold no line items)".to_string(),
            };
            return Err(Error::usage(format!(
                "{location}: no CUR line items between {} and {} (end exclusive){covered}",
                iso(self.spec.range.from),
                iso(self.spec.range.to)
            ))
            .with_hint("choose --month/--from/--to inside the export's billing periods"));
        }
        if self.overflow {
            return Err(Error::env(format!(
                "{location}: a cost beyond ±922 million {} in one period, owner and service: not a CUR amount tenantctl can sum",
                self.currencies.iter().next().map(String::as_str).unwrap_or("")
            )));
        }
        let to_dec = |u: i128| Decimal::from_i128_with_scale(u, SCALE).normalize();
        // The sums are split by period as they are (16 bytes each); the report reads them as
        // lines that borrow their tenant and service names (`CurNames::line`), period by period.
        let mut by_period: Vec<Vec<(u64, i64)>> = vec![Vec::new(); self.periods.len()];
        for (k, v) in self.sums {
            by_period[unpack(k).0].push((k, v));
        }
        let mut usage: BTreeMap<NaiveDate, BTreeMap<String, Decimal>> = BTreeMap::new();
        for ((p, o), v) in self.usage {
            if o == 0 {
                continue;
            }
            let w = Decimal::from_f64_retain(v).unwrap_or_default();
            *usage
                .entry(self.periods[p as usize].0)
                .or_default()
                .entry(self.owners.names[o as usize - 1].clone())
                .or_default() += w;
        }
        let mut totals = Totals {
            units: self.currencies.clone(),
            ..Totals::default()
        };
        for (&(start, _), &t) in self.periods.iter().zip(&self.totals) {
            totals.by_period.insert(start, to_dec(t));
        }
        Ok((
            CurCosts {
                periods: self.periods,
                by_period,
                names: CurNames {
                    owners: self.owners.names,
                    services: self.services.names,
                    tagged: self.tags.is_some(),
                    has_service: self.spec.view.has_service(),
                },
                units: self.currencies,
                usage,
            },
            totals,
        ))
    }
}

/// The sums of a scan, per period, turned into `Line`s one period at a time (`period`) or
/// all at once (`into_costs`), or handed out as they are (`into_parts`) with the names they
/// refer to, for a report that reads them as borrowed lines.
pub struct CurCosts {
    periods: Vec<PeriodDates>,
    by_period: Vec<PeriodSums>,
    names: CurNames,
    pub units: BTreeSet<String>,
    pub usage: BTreeMap<NaiveDate, BTreeMap<String, Decimal>>,
}

/// One period's sums: (packed group, amount in 1e-10 units).
pub type PeriodSums = Vec<(u64, i64)>;

/// A period's (start, end exclusive).
pub type PeriodDates = (NaiveDate, NaiveDate);

/// The owner and service names the packed sums refer to.
pub struct CurNames {
    owners: Vec<String>,
    services: Vec<String>,
    tagged: bool,
    has_service: bool,
}

impl CurNames {
    /// The line one sum stands for, borrowing its names.
    pub fn line(&self, k: u64, v: i64) -> LineRef<'_> {
        let (_, s, o, src) = unpack(k);
        let owner = if !self.tagged {
            None
        } else if o == 0 {
            Some(OwnerRef::Untagged)
        } else {
            let name = self.owners[o as usize - 1].as_str();
            Some(match src {
                SRC_METERED => OwnerRef::Metered(name),
                _ => OwnerRef::Tagged(name),
            })
        };
        LineRef {
            owner,
            service: self.has_service.then(|| self.services[s as usize].as_str()),
            amount: Decimal::from_i128_with_scale(v as i128, SCALE).normalize(),
        }
    }
}

impl CurCosts {
    pub fn num_periods(&self) -> usize {
        self.periods.len()
    }

    pub fn num_lines(&self) -> usize {
        self.by_period.iter().map(Vec::len).sum()
    }

    /// Period `i`'s lines (taken: a second call returns none).
    pub fn period(&mut self, i: usize) -> PeriodCosts {
        let (start, end) = self.periods[i];
        let sums = std::mem::take(&mut self.by_period[i]);
        let lines = sums
            .into_iter()
            .map(|(k, v)| self.names.line(k, v).to_line())
            .collect();
        PeriodCosts {
            start,
            end,
            estimated: false,
            lines,
        }
    }

    /// Every period's lines.
    pub fn into_costs(mut self) -> Costs {
        let periods = (0..self.periods.len()).map(|i| self.period(i)).collect();
        Costs {
            periods,
            units: self.units,
            usage: self.usage,
        }
    }

    /// The names, and each period ((start, end exclusive), sums) in order; `units` and
    /// `usage` are taken before.
    pub fn into_parts(self) -> (CurNames, Vec<(PeriodDates, PeriodSums)>) {
        (
            self.names,
            self.periods.into_iter().zip(self.by_period).collect(),
        )
    }
}

/// A cost as an integer of 1e-10 units (rounded half away from zero).
#[inline]
fn to_units(c: f64) -> i64 {
    // `as` saturates: a line item beyond ±922 million becomes i64::MAX/MIN, caught as overflow.
    (c * 1e10).round() as i64
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Where the CUR files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Local(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl Location {
    pub fn parse(s: &str) -> Result<Location> {
        match s.strip_prefix("s3://") {
            Some(rest) => {
                let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() {
                    return Err(Error::usage(format!(
                        "--source cur {s}: no bucket; use s3://bucket/prefix"
                    )));
                }
                Ok(Location::S3 {
                    bucket: bucket.to_string(),
                    prefix: prefix.to_string(),
                })
            }
            None => {
                let p = PathBuf::from(s);
                if !p.exists() {
                    return Err(Error::usage(format!(
                        "--source cur {s}: no such file or directory"
                    ))
                    .with_hint("give the directory of a CUR 2.0 export's Parquet files, or s3://bucket/prefix"));
                }
                Ok(Location::Local(p))
            }
        }
    }
}

/// The `.parquet` files under a local path (the path itself when it is a file), sorted.
pub fn local_files(root: &Path) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if is_parquet(&p.to_string_lossy()) {
                out.push(p);
            }
        }
        Ok(())
    }
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(root, &mut out)
        .map_err(|e| Error::usage(format!("--source cur {}: {e}", root.display())))?;
    out.sort();
    Ok(out)
}

fn is_parquet(name: &str) -> bool {
    name.ends_with(".parquet")
}

/// Aggregate local files, over up to `threads` workers (disjoint sets of files, merged).
pub fn scan_local(spec: ScanSpec, files: &[PathBuf], threads: usize) -> Result<Aggregator> {
    let threads = threads.clamp(1, files.len().max(1));
    let chunks: Vec<Vec<&PathBuf>> = (0..threads)
        .map(|t| files.iter().skip(t).step_by(threads).collect())
        .collect();
    let results: Vec<Result<Aggregator>> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    let mut agg = Aggregator::new(spec)?;
                    for f in chunk {
                        let name = f.display().to_string();
                        let file = std::fs::File::open(f)
                            .map_err(|e| Error::usage(format!("{name}: {e}")))?;
                        agg.add_file(&name, file)?;
                    }
                    Ok(agg)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("CUR worker panicked"))
            .collect()
    });
    let mut out: Option<Aggregator> = None;
    for r in results {
        let a = r?;
        match &mut out {
            None => out = Some(a),
            Some(o) => o.merge(a),
        }
    }
    match out {
        Some(a) => Ok(a),
        None => Aggregator::new(spec),
    }
}

/// Aggregate the files of a CUR export, local or on S3, into the report's input (per-period
/// sums, made into lines one period at a time), plus warnings (an export without caller
/// identity).
pub async fn scan_sums(
    aws: &Aws,
    location: &str,
    spec: ScanSpec,
) -> Result<(CurCosts, Totals, Vec<String>)> {
    let agg = match Location::parse(location)? {
        Location::Local(root) => {
            let files = local_files(&root)?;
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1);
            // On the blocking pool, so that the caller's other futures (the fleet read of
            // `cost report`) go on meanwhile.
            tokio::task::spawn_blocking(move || scan_local(spec, &files, threads))
                .await
                .map_err(|e| Error::env(format!("reading the CUR files: {e}")))??
        }
        Location::S3 { bucket, prefix } => {
            let objects = aws.s3_list(&bucket, &prefix).await?;
            let mut agg = Aggregator::new(spec)?;
            // One object in memory at a time.
            for o in objects.iter().filter(|o| is_parquet(&o.key)) {
                let name = format!("s3://{bucket}/{}", o.key);
                let Some(body) = aws.s3_get_bytes(&bucket, &o.key).await? else {
                    continue;
                };
                agg.add_file(&name, bytes::Bytes::from(body))?;
            }
            agg
        }
    };
    let mut warnings = Vec::new();
    if !agg.without_principal.is_empty() {
        warnings.push(format!(
            "{} of {} CUR file(s) have no `{COL_PRINCIPAL}` column: the export does not include caller identity, so no cost is metered per caller (first: {}); `tenantctl cost setup` creates an export that does",
            agg.without_principal.len(),
            agg.files,
            agg.without_principal[0]
        ));
    }
    let (costs, totals) = agg.finish_sums(location)?;
    Ok((costs, totals, warnings))
}

/// `scan_sums` with every period's lines made.
pub async fn scan(
    aws: &Aws,
    location: &str,
    spec: ScanSpec,
) -> Result<(Costs, Totals, Vec<String>)> {
    let (costs, totals, warnings) = scan_sums(aws, location, spec).await?;
    Ok((costs.into_costs(), totals, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_prefers_the_resource_tag() {
        let keys = TagKeys::for_view(View::Tenant).unwrap();
        let t = |pairs: &[(&'static str, Option<&'static str>)]| {
            let (src, v) = attribute(
                &keys,
                pairs
                    .iter()
                    .map(|(k, v)| (k.as_bytes(), v.map(|v| v.as_bytes()))),
            );
            (src, v.map(|v| String::from_utf8(v.to_vec()).unwrap()))
        };
        assert_eq!(
            t(&[
                ("iamPrincipal/ClinicId", Some("clinic-b")),
                ("resourceTags/ClinicId", Some("clinic-a"))
            ]),
            (SRC_TAGGED, Some("clinic-a".into()))
        );
        assert_eq!(
            t(&[("iamPrincipal/ClinicId", Some("clinic-b"))]),
            (SRC_METERED, Some("clinic-b".into()))
        );
        // An empty resource tag does not hide the principal tag.
        assert_eq!(
            t(&[
                ("resourceTags/ClinicId", Some("")),
                ("iamPrincipal/ClinicId", Some("clinic-b"))
            ]),
            (SRC_METERED, Some("clinic-b".into()))
        );
        assert_eq!(
            t(&[
                ("iamPrincipal/Tier", Some("basic")),
                ("resourceTags/ClinicId", None)
            ]),
            (SRC_UNTAGGED, None)
        );
        let tier = TagKeys::for_view(View::Tier).unwrap();
        assert_eq!(tier.principal, "iamPrincipal/Tier");
        assert!(TagKeys::for_view(View::Service).is_none());
    }

    #[test]
    fn keys_pack_and_unpack() {
        for (p, s, o, src) in [(0, 0, 0, 0), (1234, 16383, 0xff_ffff, 2), (7, 3, 42, 1)] {
            assert_eq!(unpack(pack(p, s, o, src)), (p as usize, s, o, src));
        }
    }

    #[test]
    fn costs_round_to_ten_decimals() {
        assert_eq!(to_units(0.1), 1_000_000_000);
        assert_eq!(to_units(0.00000000005), 1);
        assert_eq!(to_units(-1.25), -12_500_000_000);
        assert!(contains_ignore_case(b"USE1-Model-Input-Tokens", b"token"));
    }

    #[test]
    fn locations() {
        assert_eq!(
            Location::parse("s3://b/cur/data").unwrap(),
            Location::S3 {
                bucket: "b".into(),
                prefix: "cur/data".into()
            }
        );
        assert!(Location::parse("s3:///x").is_err());
        assert!(Location::parse("/definitely/not/here").is_err());
    }
}
