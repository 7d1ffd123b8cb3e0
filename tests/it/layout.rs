//! The shape of tests/: one integration-test binary. Fails when a `.rs` file under tests/ is
//! never compiled (no `mod` declaration reaches it from tests/it/main.rs, so its tests would
//! silently not run), and when a file would make cargo build another test binary (a `.rs`
//! directly under tests/, a `tests/<dir>/main.rs` besides tests/it, a `[[test]]` target).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Problems with the layout of the `tests` directory below `root`, one line each, naming the fix.
fn problems(root: &Path) -> Vec<String> {
    let tests = root.join("tests");
    let mut out = Vec::new();
    let mut reached = BTreeSet::new();
    reach(&tests.join("it/main.rs"), &mut reached);
    for file in rust_files(&tests) {
        let rel = file.strip_prefix(root).unwrap().display().to_string();
        let parent = file.parent().unwrap();
        if parent == tests {
            out.push(format!(
                "{rel} would be a test binary of its own: move it to tests/it/ and declare it in \
                 tests/it/main.rs"
            ));
        } else if file.ends_with("main.rs")
            && parent.parent() == Some(tests.as_path())
            && !file.ends_with("it/main.rs")
        {
            out.push(format!(
                "{rel} would be a test binary of its own: make its directory a module of tests/it"
            ));
        } else if !reached.contains(&file) {
            out.push(format!(
                "{rel} is never compiled: declare it with `mod` in its parent module (reachable \
                 from tests/it/main.rs), or delete it"
            ));
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    if manifest.lines().any(|l| l.trim() == "[[test]]") {
        out.push("Cargo.toml declares a [[test]] target: add its tests to tests/it instead".into());
    }
    out
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Add `file` and every file its out-of-line `mod x;` declarations load, recursively, to
/// `reached`: `x.rs` or `x/mod.rs` beside a main.rs/mod.rs, in `<stem>/` beside any other
/// file, or the file a preceding `#[path = "..."]` names (relative to the declaring file's
/// directory). Inline `mod x { ... }` blocks hold no files of their own here.
fn reach(file: &Path, reached: &mut BTreeSet<PathBuf>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    if !reached.insert(file.to_path_buf()) {
        return;
    }
    let here = file.parent().unwrap();
    let own_dir = match file.file_name().and_then(|n| n.to_str()) {
        Some("main.rs" | "mod.rs" | "lib.rs") => here.to_path_buf(),
        _ => here.join(file.file_stem().unwrap()),
    };
    let mut path_attr: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(p) = line
            .strip_prefix("#[path = \"")
            .and_then(|r| r.strip_suffix("\"]"))
        {
            path_attr = Some(p.to_string());
            continue;
        }
        if line.starts_with("#[") {
            continue; // other attributes between #[path] and its `mod`
        }
        let decl = ["pub(crate) ", "pub(super) ", "pub "]
            .iter()
            .fold(line, |l, v| l.strip_prefix(v).unwrap_or(l));
        let name = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';'));
        match (name, path_attr.take()) {
            (Some(_), Some(p)) => reach(&normalize(&here.join(p)), reached),
            (Some(name), None) => {
                let flat = own_dir.join(format!("{name}.rs"));
                let nested = own_dir.join(name).join("mod.rs");
                reach(if flat.is_file() { &flat } else { &nested }, reached)
            }
            (None, _) => {}
        }
    }
}

/// `a/b/../c` as `a/c`, without touching the file system (the paths compared are built alike).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn every_test_file_is_compiled_into_the_one_binary() {
    let found = problems(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The guard itself, on a tree of its own: it sees an orphan, a nested orphan, a file that
/// would be a new binary, and follows `#[path]`, `x/mod.rs` and `x.rs` + `x/child.rs`.
#[test]
fn the_guard_sees_orphans_and_new_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("Cargo.toml", "[package]\n");
    write(
        "tests/it/main.rs",
        "mod a;\npub mod b;\n#[allow(dead_code)]\n#[path = \"shared/c.rs\"]\nmod c;\nmod inline {}\n// mod commented;\n",
    );
    write("tests/it/a.rs", "mod child;\n");
    write("tests/it/a/child.rs", "");
    write("tests/it/b/mod.rs", "mod d;\n");
    write("tests/it/b/d.rs", "");
    write("tests/it/shared/c.rs", "");
    assert_eq!(problems(root), Vec::<String>::new());

    write("tests/it/orphan.rs", "");
    write("tests/it/b/lost.rs", "");
    write("tests/new_binary.rs", "");
    write("tests/other/main.rs", "");
    write("Cargo.toml", "[package]\n[[test]]\nname = \"x\"\n");
    let found = problems(root).join("\n");
    for expected in [
        "tests/it/orphan.rs is never compiled",
        "tests/it/b/lost.rs is never compiled",
        "tests/new_binary.rs would be a test binary of its own",
        "tests/other/main.rs would be a test binary of its own",
        "Cargo.toml declares a [[test]] target",
    ] {
        assert!(
            found.contains(expected),
            "missing {expected:?} in:\n{found}"
        );
    }
    assert_eq!(found.lines().count(), 5, "{found}");
}
