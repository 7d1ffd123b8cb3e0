//! Report periods. Cost Explorer's convention is used throughout: the start date is inclusive
//! and the end date is exclusive, so October is `2026-10-01..2026-11-01`. All dates are UTC,
//! like Cost Explorer's.

use chrono::{Datelike, Months, NaiveDate};

use crate::error::{Error, Result};

/// `[from, to)`: `to` is the first day NOT included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Daily,
    Monthly,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Daily => "daily",
            Granularity::Monthly => "monthly",
        }
    }
}

/// The longest history Cost Explorer keeps (multi-year data enabled; 14 months otherwise).
pub const MAX_HISTORY_MONTHS: u32 = 38;

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Parse `YYYY-MM-DD` given for `flag`.
pub fn parse_date(flag: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|_| s.trim().len() == 10)
        .ok_or_else(|| {
            Error::usage(format!(
                "{flag} {s:?} is not a date: use YYYY-MM-DD, e.g. 2026-10-01"
            ))
        })
}

/// Parse `YYYY-MM` given for `flag` into the first day of that month.
pub fn parse_month(flag: &str, s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let bad = || {
        Error::usage(format!(
            "{flag} {s:?} is not a month: use YYYY-MM, e.g. 2026-10"
        ))
    };
    let (y, m) = t.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)
}

pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

pub fn next_month(first: NaiveDate) -> NaiveDate {
    month_start(first) + Months::new(1)
}

pub fn days_in_month(first: NaiveDate) -> i64 {
    (next_month(first) - month_start(first)).num_days()
}

impl DateRange {
    pub fn month(first: NaiveDate) -> DateRange {
        DateRange {
            from: month_start(first),
            to: next_month(first),
        }
    }

    /// Resolve `--from/--to` or `--month` (default: the last complete month) against `today`.
    pub fn resolve(
        from: Option<&str>,
        to: Option<&str>,
        month: Option<&str>,
        today: NaiveDate,
    ) -> Result<DateRange> {
        let range = match (from, to, month) {
            (Some(_), _, Some(m)) | (_, Some(_), Some(m)) => {
                return Err(Error::usage(format!(
                    "--month {m} cannot be combined with --from/--to: give one or the other"
                )))
            }
            (None, None, Some(m)) => DateRange::month(parse_month("--month", m)?),
            (Some(f), Some(t), None) => DateRange {
                from: parse_date("--from", f)?,
                to: parse_date("--to", t)?,
            },
            (Some(_), None, None) => {
                return Err(Error::usage("--from needs --to (the end date, exclusive)"))
            }
            (None, Some(_), None) => {
                return Err(Error::usage(
                    "--to needs --from (the start date, inclusive)",
                ))
            }
            (None, None, None) => DateRange::month(month_start(today) - Months::new(1)),
        };
        if range.from >= range.to {
            return Err(Error::usage(format!(
                "--from {} must be before --to {} (the end date is exclusive: one day is --from D --to D+1)",
                iso(range.from),
                iso(range.to)
            )));
        }
        // Cost Explorer keeps 14 months of history (38 with multi-year data enabled): a report
        // that starts earlier (a typo'd year such as 0000) has nothing to show and would walk
        // thousands of empty periods. Refused at once.
        let earliest = month_start(today) - Months::new(MAX_HISTORY_MONTHS);
        if range.from < earliest {
            return Err(Error::usage(format!(
                "the report starts {}, before {}: Cost Explorer keeps at most {MAX_HISTORY_MONTHS} months of history",
                iso(range.from),
                iso(earliest)
            ))
            .with_hint("check the year in --from/--month; pick a start within the last 38 months"));
        }
        if range.from > today {
            return Err(Error::usage(format!("the report starts {} which is in the future (today is {} UTC)", iso(range.from), iso(today)))
                .with_hint("Cost Explorer has no cost for future dates; use `tenantctl cost budget` for forecasts"));
        }
        Ok(range)
    }

    /// The periods Cost Explorer returns for this range: days, or calendar months clipped to it.
    pub fn periods(&self, g: Granularity) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut cur = self.from;
        while cur < self.to {
            let next = match g {
                Granularity::Daily => cur + chrono::Days::new(1),
                Granularity::Monthly => next_month(cur).min(self.to),
            };
            out.push((cur, next));
            cur = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn month_and_default() {
        let today = d("2026-11-22");
        assert_eq!(
            DateRange::resolve(None, None, Some("2026-10"), today).unwrap(),
            DateRange {
                from: d("2026-10-01"),
                to: d("2026-11-01")
            }
        );
        assert_eq!(
            DateRange::resolve(None, None, None, today).unwrap(),
            DateRange {
                from: d("2026-10-01"),
                to: d("2026-11-01")
            }
        );
        assert_eq!(
            DateRange::resolve(None, None, Some("2026-12"), d("2026-12-15"))
                .unwrap()
                .to,
            d("2027-01-01")
        );
    }

    #[test]
    fn rejects_bad_input() {
        let today = d("2026-11-22");
        for (f, t, m) in [
            (Some("2026-13-01"), Some("2026-12-01"), None),
            (Some("2026-10-01"), Some("2026-10-01"), None),
            (Some("2026-11-01"), Some("2026-10-01"), None),
            (Some("2026/10/01"), Some("2026-11-01"), None),
            (Some("2026-10-01"), None, None),
            (None, None, Some("2026-1")),
            (None, None, Some("2027-01")),
            (Some("2026-10-01"), Some("2026-11-01"), Some("2026-10")),
            // Years before Cost Explorer's history: refused at once, never walked.
            (Some("0000-01-01"), Some("2026-11-01"), None),
            (None, None, Some("0000-01")),
            (Some("2023-08-31"), Some("2023-09-02"), None),
        ] {
            let e = DateRange::resolve(f, t, m, today).unwrap_err();
            assert_eq!(e.kind, crate::error::ErrorKind::Usage, "{f:?} {t:?} {m:?}");
        }
    }

    #[test]
    fn periods_clip_to_the_range() {
        let r = DateRange {
            from: d("2026-09-15"),
            to: d("2026-11-10"),
        };
        assert_eq!(
            r.periods(Granularity::Monthly),
            vec![
                (d("2026-09-15"), d("2026-10-01")),
                (d("2026-10-01"), d("2026-11-01")),
                (d("2026-11-01"), d("2026-11-10"))
            ]
        );
        assert_eq!(r.periods(Granularity::Daily).len(), 56);
        assert_eq!(days_in_month(d("2028-02-01")), 29);
    }
}
