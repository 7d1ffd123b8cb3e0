//! Splitting the shared (untagged) remainder across tenants, to the cent.
//!
//! Two pieces:
//! - `apportion`: round a set of exact amounts to the minor unit so that they add up to an
//!   exact rounded target (largest-remainder / Hamilton method). Rounding each share on its
//!   own would leave the split a few cents off the remainder; finance notices.
//! - `split`: the shares of one amount for a set of units (tenants, tiers) under a mode:
//!   `proportional` to each unit's direct cost, `even`, or `none`.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// How shared cost is split. `None` leaves it on its own line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    None,
    Proportional,
    Even,
    /// In proportion to each unit's metered usage (the caller's Bedrock tokens in CUR 2.0);
    /// the caller passes usage as the weights.
    Usage,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::None => "none",
            Mode::Proportional => "proportional",
            Mode::Even => "even",
            Mode::Usage => "usage",
        }
    }
}

/// Which basis a split actually used (proportional falls back to even when no unit had
/// positive direct cost in the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Proportional,
    Even,
    /// Nothing to split onto: the amount stays unallocated.
    Unallocated,
}

/// Round `exact` amounts to `dp` decimals so that they sum exactly to `target`, which must
/// already be rounded to `dp` and be the rounding of `sum(exact)` (or within one unit of it).
/// Every amount is first rounded down; the units still missing go to the largest fractional
/// parts (ties: lower index first, so the result is deterministic).
pub fn apportion(target: Decimal, exact: &[Decimal], dp: u32) -> Vec<Decimal> {
    if exact.is_empty() {
        return Vec::new();
    }
    let scale = Decimal::from(10u64.pow(dp));
    let scaled: Vec<Decimal> = exact.iter().map(|x| x * scale).collect();
    let floors: Vec<Decimal> = scaled.iter().map(|x| x.floor()).collect();
    let target_units = (target * scale).round();
    let floor_sum: Decimal = floors.iter().sum();
    let mut missing = target_units - floor_sum;
    let mut units = floors.clone();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        (scaled[b] - floors[b])
            .cmp(&(scaled[a] - floors[a]))
            .then(a.cmp(&b))
    });
    // `missing` is in [0, n] when `target` rounds `sum(exact)`; loop so that any integer
    // difference is still placed (whole units spread round-robin) and the sum is exact.
    let n = Decimal::from(exact.len());
    while missing >= n {
        for u in units.iter_mut() {
            *u += Decimal::ONE;
        }
        missing -= n;
    }
    while missing <= -n {
        for u in units.iter_mut() {
            *u -= Decimal::ONE;
        }
        missing += n;
    }
    if missing > Decimal::ZERO {
        for &i in order.iter().take(missing.to_usize().unwrap_or(0)) {
            units[i] += Decimal::ONE;
        }
    } else if missing < Decimal::ZERO {
        for &i in order.iter().rev().take((-missing).to_usize().unwrap_or(0)) {
            units[i] -= Decimal::ONE;
        }
    }
    units
        .into_iter()
        .map(|u| (u / scale).round_dp(dp))
        .collect()
}

/// Split `amount` (already rounded to `dp`) across units. `direct` is each unit's exact
/// direct cost in the period, or its metered usage for `Mode::Usage` (the proportional
/// basis; negative values count as zero),
/// `even_weight` each unit's weight for an even split (1 per tenant; a tier's tenant count).
/// Returns the rounded shares, which sum exactly to `amount` unless the basis is Unallocated
/// (then all shares are zero).
pub fn split(
    mode: Mode,
    amount: Decimal,
    direct: &[Decimal],
    even_weight: &[Decimal],
    dp: u32,
) -> (Vec<Decimal>, Basis) {
    debug_assert_eq!(direct.len(), even_weight.len());
    let zeros = vec![Decimal::ZERO; direct.len()];
    if mode == Mode::None {
        return (zeros, Basis::Unallocated);
    }
    let positive: Vec<Decimal> = direct.iter().map(|d| (*d).max(Decimal::ZERO)).collect();
    let even: Vec<Decimal> = even_weight
        .iter()
        .map(|w| (*w).max(Decimal::ZERO))
        .collect();
    let (weights, basis) = match mode {
        Mode::Proportional | Mode::Usage if positive.iter().any(|w| !w.is_zero()) => {
            (positive, Basis::Proportional)
        }
        _ if even.iter().any(|w| !w.is_zero()) => (even, Basis::Even),
        _ => return (zeros, Basis::Unallocated),
    };
    let total: Decimal = weights.iter().sum();
    let exact: Vec<Decimal> = weights.iter().map(|w| share(amount, *w, total)).collect();
    (apportion(amount, &exact, dp), basis)
}

/// `amount * w / total`, multiplying first to keep precision; falls back to dividing first
/// should the product overflow (amounts in the billions times large weights).
fn share(amount: Decimal, w: Decimal, total: Decimal) -> Decimal {
    match amount.checked_mul(w) {
        Some(p) => p / total,
        None => amount * (w / total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn apportion_hits_the_target() {
        // Three equal thirds of 1.00: one of them gets the extra cent, the first by index.
        let third = d("1") / d("3");
        assert_eq!(
            apportion(d("1.00"), &[third, third, third], 2),
            vec![d("0.34"), d("0.33"), d("0.33")]
        );
        // Naive rounding would give 0.01+0.01+0.01 = 0.03 for a 0.02 total.
        assert_eq!(
            apportion(d("0.02"), &[d("0.006"), d("0.006"), d("0.006")], 2),
            vec![d("0.01"), d("0.01"), d("0.00")]
        );
        assert_eq!(
            apportion(d("-1.00"), &[-third, -third, -third], 2)
                .iter()
                .sum::<Decimal>(),
            d("-1.00")
        );
        assert!(apportion(d("0"), &[], 2).is_empty());
    }

    #[test]
    fn proportional_split() {
        let (s, b) = split(
            Mode::Proportional,
            d("100.00"),
            &[d("300"), d("100"), d("0")],
            &[d("1"); 3],
            2,
        );
        assert_eq!(b, Basis::Proportional);
        assert_eq!(s, vec![d("75.00"), d("25.00"), d("0.00")]);
    }

    #[test]
    fn even_split_and_fallbacks() {
        let (s, b) = split(
            Mode::Even,
            d("10.00"),
            &[d("5"), d("0"), d("0")],
            &[d("1"); 3],
            2,
        );
        assert_eq!(b, Basis::Even);
        assert_eq!(s, vec![d("3.34"), d("3.33"), d("3.33")]);
        // Proportional with nobody having direct cost falls back to even.
        let (s, b) = split(
            Mode::Proportional,
            d("1.00"),
            &[d("0"), d("-2")],
            &[d("1"), d("1")],
            2,
        );
        assert_eq!((s, b), (vec![d("0.50"), d("0.50")], Basis::Even));
        // Nobody to split onto.
        let (s, b) = split(Mode::Even, d("1.00"), &[], &[], 2);
        assert_eq!((s, b), (vec![], Basis::Unallocated));
        assert_eq!(
            split(Mode::None, d("1.00"), &[d("1")], &[d("1")], 2).1,
            Basis::Unallocated
        );
    }

    proptest! {
        /// Whatever the amounts and weights, the rounded shares add up exactly to the amount.
        #[test]
        fn split_always_sums_exactly(
            cents in -10_000_000i64..10_000_000,
            direct in proptest::collection::vec(-1_000_000_000i64..1_000_000_000, 1..40),
            even in proptest::collection::vec(0i64..50, 1..40),
            proportional in any::<bool>(),
        ) {
            let n = direct.len().min(even.len());
            let amount = Decimal::new(cents, 2);
            let direct: Vec<Decimal> = direct[..n].iter().map(|x| Decimal::new(*x, 6)).collect();
            let even: Vec<Decimal> = even[..n].iter().map(|x| Decimal::from(*x)).collect();
            let mode = if proportional { Mode::Proportional } else { Mode::Even };
            let (shares, basis) = split(mode, amount, &direct, &even, 2);
            prop_assert_eq!(shares.len(), n);
            for s in &shares {
                prop_assert_eq!(s.round_dp(2), *s);
            }
            let sum: Decimal = shares.iter().sum();
            if basis == Basis::Unallocated {
                prop_assert!(sum.is_zero());
            } else {
                prop_assert_eq!(sum, amount);
            }
        }

        /// Apportioning exact amounts to their rounded sum keeps every amount within one cent.
        #[test]
        fn apportion_stays_within_a_cent(xs in proptest::collection::vec(-1_000_000_000_000i64..1_000_000_000_000, 0..60)) {
            let exact: Vec<Decimal> = xs.iter().map(|x| Decimal::new(*x, 10)).collect();
            let target = crate::cost::money::round(exact.iter().sum(), 2);
            let out = apportion(target, &exact, 2);
            prop_assert_eq!(out.iter().sum::<Decimal>(), target);
            for (o, e) in out.iter().zip(&exact) {
                prop_assert!((*o - *e).abs() < d("0.01"));
            }
        }
    }
}
