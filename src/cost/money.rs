//! Decimal money helpers: parsing Cost Explorer amounts, rounding to the currency's minor
//! unit, formatting. Never floats.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Digits after the decimal point for an ISO 4217 currency (2 unless known otherwise).
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "UGX" | "XAF" | "XOF" | "PYG" => 0,
        "BHD" | "KWD" | "JOD" | "OMR" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// Round half away from zero (the usual invoicing convention) to `dp` decimals.
pub fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Parse an amount string as Cost Explorer sends it ("0.0101516483", "-3.2", "1E-10").
pub fn parse_amount(s: &str) -> Option<Decimal> {
    let s = s.trim();
    Decimal::from_str(s)
        .ok()
        .or_else(|| Decimal::from_scientific(s).ok())
}

/// Fixed `dp` decimals, no grouping: the machine form (CSV, JSON).
pub fn plain(v: Decimal, dp: u32) -> String {
    let mut s = String::new();
    write_plain(&mut s, v, dp);
    s
}

/// `plain`, appended to `out` (a buffer reused row after row in large CSV reports).
pub fn write_plain(out: &mut String, v: Decimal, dp: u32) {
    use std::fmt::Write;
    let mut r = round(v, dp);
    r.rescale(dp);
    if r.is_zero() {
        // Never print "-0.00".
        r.set_sign_positive(true);
    }
    write!(out, "{r}").expect("writing to a String");
}

/// Fixed `dp` decimals with thousands separators: the human form (tables, charts).
pub fn grouped(v: Decimal, dp: u32) -> String {
    let s = plain(v, dp);
    let (sign, rest) = s
        .strip_prefix('-')
        .map(|r| ("-", r))
        .unwrap_or(("", s.as_str()));
    let (int, frac) = rest
        .split_once('.')
        .map(|(i, f)| (i, Some(f)))
        .unwrap_or((rest, None));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// `part / whole` as a percentage with one decimal, `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(
        (part * Decimal::ONE_HUNDRED / whole)
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parses_ce_amounts() {
        assert_eq!(parse_amount("0.0101516483"), Some(d("0.0101516483")));
        assert_eq!(parse_amount("1E-10"), Some(d("0.0000000001")));
        assert_eq!(parse_amount("-3.2"), Some(d("-3.2")));
        assert_eq!(parse_amount("abc"), None);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(d("0.005"), 2), d("0.01"));
        assert_eq!(round(d("-0.005"), 2), d("-0.01"));
        assert_eq!(round(d("0.0049999"), 2), d("0"));
    }

    #[test]
    fn formats() {
        assert_eq!(plain(d("1234.5"), 2), "1234.50");
        assert_eq!(plain(d("-0.001"), 2), "0.00");
        assert_eq!(grouped(d("1234567.891"), 2), "1,234,567.89");
        assert_eq!(grouped(d("-1234"), 2), "-1,234.00");
        assert_eq!(grouped(d("12"), 0), "12");
        assert_eq!(minor_units("JPY"), 0);
        assert_eq!(percent(d("50"), d("200")), Some(d("25.0")));
        assert_eq!(percent(d("1"), d("0")), None);
    }
}
