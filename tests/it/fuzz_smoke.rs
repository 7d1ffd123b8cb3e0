//! Stable-Rust smoke run of the fuzz targets (fuzz/fuzz_targets/{ids,users_csv,bulk_file,config,policy_parse}.rs):
//! each target's seed inputs (fuzz/seeds/<target>/) plus a few thousand deterministic mutations
//! of them go through the very same property checks (fuzz/checks.rs). CI runs this with every
//! `cargo test`; with nightly and cargo-fuzz, scripts/fuzz-smoke.sh fuzzes for real.

#[path = "../../fuzz/checks.rs"]
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

/// Names a policy mutation may swap an object key for: elements, condition operators (with
/// set qualifiers and IfExists) and condition keys the matrix's requests carry.
const POLICY_NAMES: &[&str] = &[
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "StringLike",
    "StringNotLike",
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "StringEqualsIfExists",
    "StringNotEqualsIfExists",
    "ArnLike",
    "ArnNotEquals",
    "Null",
    "Bool",
    "IpAddress",
    "NumericLessThan",
    "aws:PrincipalTag/ClinicId",
    "aws:PrincipalTag/Tier",
    "aws:PrincipalArn",
    "aws:TagKeys",
    "aws:SourceIp",
    "aws:ResourceTag/ClinicId",
    "s3:prefix",
];

/// Values a policy mutation may put in a string: wildcards, variables (set, unset, multi-valued,
/// with defaults), escapes, the matrix's tenants and tiers.
const POLICY_VALUES: &[&str] = &[
    "*",
    "?",
    "s3:*",
    "s3:GetObject",
    "s3:ListBucket",
    "bedrock:Retrieve",
    "${aws:PrincipalTag/ClinicId}",
    "${aws:PrincipalTag/Tier}",
    "${aws:TagKeys}",
    "${aws:ResourceTag/ClinicId}",
    "${s3:prefix}",
    "${aws:PrincipalTag/Missing, 'clinic-a'}",
    "${*}",
    "${?}",
    "${$}",
    "clinic-a",
    "clinic-b",
    "basic",
    "",
    "true",
    "false",
    "arn:aws:s3:::bkt/*",
    "arn:aws:s3:::bkt/basic/${aws:PrincipalTag/ClinicId}/*",
    "arn:aws:iam::111122223333:role/tvm",
    "basic/clinic-a/*",
    "203.0.113.0/24",
];

fn count_strings(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::String(_) => 1,
        serde_json::Value::Array(a) => a.iter().map(count_strings).sum(),
        serde_json::Value::Object(o) => o.values().map(count_strings).sum(),
        _ => 0,
    }
}

/// The `n`th string value, depth first (`n` counts down as strings are passed).
fn nth_string<'a>(v: &'a mut serde_json::Value, n: &mut usize) -> Option<&'a mut String> {
    match v {
        serde_json::Value::String(s) if *n == 0 => Some(s),
        serde_json::Value::String(_) => {
            *n -= 1;
            None
        }
        serde_json::Value::Array(a) => a.iter_mut().find_map(|x| nth_string(x, n)),
        serde_json::Value::Object(o) => o.values_mut().find_map(|x| nth_string(x, n)),
        _ => None,
    }
}

fn count_objects(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(a) => a.iter().map(count_objects).sum(),
        serde_json::Value::Object(o) => 1 + o.values().map(count_objects).sum::<usize>(),
        _ => 0,
    }
}

/// The `n`th object, depth first, parents before children.
fn nth_object<'a>(
    v: &'a mut serde_json::Value,
    n: &mut usize,
) -> Option<&'a mut serde_json::Map<String, serde_json::Value>> {
    match v {
        serde_json::Value::Array(a) => a.iter_mut().find_map(|x| nth_object(x, n)),
        serde_json::Value::Object(o) => {
            if *n == 0 {
                return Some(o);
            }
            *n -= 1;
            o.values_mut().find_map(|x| nth_object(x, n))
        }
        _ => None,
    }
}

/// A mutation that keeps a JSON seed JSON (most byte mutations do not): replace or edit a
/// string value, rename an element, operator or condition key, or turn a value into a list.
fn mutate_policy(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let seed = &seeds[rng.below(seeds.len())];
    let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(seed) else {
        return mutate(rng, seeds);
    };
    for _ in 0..1 + rng.below(3) {
        if rng.below(2) == 0 {
            let strings = count_strings(&doc);
            let mut n = rng.below(strings);
            let Some(leaf) = nth_string(&mut doc, &mut n) else {
                continue;
            };
            let v = POLICY_VALUES[rng.below(POLICY_VALUES.len())];
            match rng.below(3) {
                0 => *leaf = v.to_string(),
                1 => {
                    let mut at = rng.below(leaf.len() + 1);
                    while !leaf.is_char_boundary(at) {
                        at -= 1;
                    }
                    leaf.insert_str(at, v);
                }
                _ => *leaf = TOKENS[rng.below(TOKENS.len())].to_string() + leaf,
            }
        } else {
            let count = count_objects(&doc);
            let mut n = rng.below(count);
            let Some(obj) = nth_object(&mut doc, &mut n) else {
                continue;
            };
            let keys: Vec<String> = obj.keys().cloned().collect();
            if keys.is_empty() {
                continue;
            }
            let k = &keys[rng.below(keys.len())];
            let v = obj.remove(k).expect("key listed");
            if rng.below(3) == 0 {
                obj.insert(k.clone(), serde_json::Value::Array(vec![v.clone(), v]));
            } else {
                obj.insert(POLICY_NAMES[rng.below(POLICY_NAMES.len())].to_string(), v);
            }
        }
    }
    serde_json::to_vec(&doc).expect("a JSON value serialises")
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
    smoke_with(target, check, mutate);
}

fn smoke_with(target: &str, check: fn(&[u8]), mutate: fn(&mut Rng, &[Vec<u8>]) -> Vec<u8>) {
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

static POLICIES_ACCEPTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn policy_parse_counted(data: &[u8]) {
    let accepted = std::str::from_utf8(data)
        .is_ok_and(|t| tenantctl::policy::PolicyDocument::parse(t).is_ok());
    if accepted {
        POLICIES_ACCEPTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    checks::policy_parse(data);
}

/// Most mutations of a JSON document stop being JSON; enough must still parse for the
/// evaluation properties (the bulk path decides like `decide`) to be exercised at all.
#[test]
fn policy_parse_target() {
    // Half byte-level mutations (the parser's error paths), half structural ones.
    smoke_with("policy_parse", policy_parse_counted, |rng, seeds| {
        if rng.below(2) == 0 {
            mutate(rng, seeds)
        } else {
            mutate_policy(rng, seeds)
        }
    });
    let accepted = POLICIES_ACCEPTED.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!("policy_parse: {accepted} of {} inputs parsed", MUTATIONS);
    assert!(accepted >= MUTATIONS / 10, "only {accepted} inputs parsed");
}
