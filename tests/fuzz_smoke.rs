//! Stable-Rust smoke run of the input fuzz targets (fuzz/fuzz_targets/{ids,users_csv,bulk_file,config}.rs):
//! each target's seed inputs (fuzz/seeds/<target>/) plus a few thousand deterministic mutations
//! of them go through the very same property checks (fuzz/checks.rs). CI runs this with every
//! `cargo test`; with nightly and cargo-fuzz, scripts/fuzz-smoke.sh fuzzes for real.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Mutations per target (deterministic: the same inputs every run).
const MUTATIONS: usize = 4000;

/// Tokens that have broken parsers before: pattern and path characters, separators, quotes,
/// control and invisible characters, look-alikes, formula starters.
const TOKENS: &[&str] = &[
    "/",
    "*",
    "?",
    "$",
    "{",
    "}",
    "${aws:username}",
    "..",
    "--",
    "-",
    "\0",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "і",
    "ａ",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\"",
    "'",
    ",",
    ";",
    "=",
    "+",
    "@",
    "[",
    "]",
    "[[",
    "{\"tenant\":",
    "\"users\":[",
    "tenant,tier,users\n",
    "email\n",
    "[tiers.x]\n",
    "namespace = ",
    "\\",
    "\\u0000",
    "%2f",
    "A",
    "a",
    "0",
    "-1",
    "1e999",
    "\u{10ffff}",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(d.len() + 1);
        match rng.below(6) {
            0 if !d.is_empty() => {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                d.splice(at..at, t.iter().copied());
            }
            2 if !d.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(d.len());
                d.drain(at.min(end)..end);
            }
            3 => d.truncate(at),
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                d.extend_from_slice(&other[from..]);
            }
            _ => {
                let b = (rng.next() & 0xff) as u8;
                d.insert(at, b);
            }
        }
    }
    d
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    // Whatever a real fuzzing run left in the (git-ignored) corpus counts too.
    if let Ok(rd) = std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target),
    ) {
        out.extend(
            rd.filter_map(|e| std::fs::read(e.ok()?.path()).ok())
                .take(2000),
        );
    }
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

fn smoke(target: &str, check: fn(&[u8])) {
    let seeds = seeds(target);
    for s in &seeds {
        check(s);
    }
    let mut rng = Rng(0x5eed ^ target.len() as u64);
    for i in 0..MUTATIONS {
        let input = mutate(&mut rng, &seeds);
        let r = std::panic::catch_unwind(|| check(&input));
        assert!(
            r.is_ok(),
            "{target}: mutation {i} broke a property; input: {:?}",
            String::from_utf8_lossy(&input)
        );
    }
}

#[test]
fn ids_target() {
    smoke("ids", checks::ids);
}

#[test]
fn users_csv_target() {
    smoke("users_csv", checks::users_csv);
}

#[test]
fn bulk_file_target() {
    smoke("bulk_file", checks::bulk_file);
}

#[test]
fn config_target() {
    smoke("config", checks::config);
}
