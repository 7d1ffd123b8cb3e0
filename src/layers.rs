//! The module graph, read from `src/` at test time: every reference a file makes to another
//! module of the crate (`use crate::…`, `use super::…`, `crate::a::b(…)` in code, a parent's
//! `child::…`) is an edge. Top-level modules may only use modules in lower layers (`LAYERS`,
//! DESIGN.md's "data flows down"), and there is no cycle between top-level modules nor between
//! the sub-modules of the modules in `SUBMODULE_GRAPHS`.
//!
//! A path is resolved to the deepest module it names, through the `pub use` re-exports of that
//! module's own file, so `crate::policy::PolicyDocument` is an edge to `policy::model`.
//! Comments and string literals are not read; inline `mod tests { … }` count as their file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules from the top down. A module may use modules of later layers only, so a
/// new upward (or sideways) edge fails `top_level_modules_depend_only_downwards`. A new
/// top-level module must be placed here. The crate root (lib.rs) parses with `cli` and
/// dispatches to `commands`; `commands` read `cli`'s argument structs and resolve them into
/// `settings`, so `cli` sits below `commands` and nothing below `cli` knows clap.
const LAYERS: &[&[&str]] = &[
    &["commands"],
    &["cli"],
    &["lifecycle"],
    &["isolation", "cost"],
    &["platform", "audit"],
    &["settings", "templates", "policy"],
    &["aws", "config", "record", "output"],
    &["plan"],
    &["naming", "input"],
    &["ids"],
    &["error", "hash"],
];

/// Modules whose sub-modules must not form a cycle among themselves.
const SUBMODULE_GRAPHS: &[&str] = &["policy", "isolation", "lifecycle"];

type Module = Vec<String>;

/// Where an edge comes from, for the failure message.
#[derive(Debug, Clone)]
struct Evidence {
    file: String,
    path: String,
}

struct SourceFile {
    rel: String,
    module: Module,
    code: String,
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `src/lib.rs` is the root.
fn module_of(rel: &Path) -> Option<Module> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop()?;
    let stem = file.strip_suffix(".rs")?;
    match (parts.is_empty(), stem) {
        (true, "lib") => Some(vec![]),
        (true, "main") => None, // the binary: its own crate
        (_, "mod") => Some(parts),
        _ => {
            parts.push(stem.to_string());
            Some(parts)
        }
    }
}

fn read_sources(src: &Path) -> Vec<SourceFile> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read src/") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(src).expect("below src/");
            let module = module_of(rel).filter(|m| m != &["layers"])?; // this checker
            let text = std::fs::read_to_string(&p).expect("read source");
            Some(SourceFile {
                rel: rel.display().to_string(),
                module,
                code: strip_comments_and_literals(&text),
            })
        })
        .collect()
}

/// The code without comments, string and char literals (each replaced by a space).
fn strip_comments_and_literals(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // Raw string: r"…", r#"…"#, br"…".
            i += if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push(' ');
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push(' ');
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), else a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(' ');
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push(' ');
            } else {
                out.push(c[i]);
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Sep, // ::
    Punct(char),
}

fn tokens(code: &str) -> Vec<Tok> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_alphabetic() || c[i] == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            out.push(Tok::Ident(word.trim_start_matches("r#").to_string()));
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            out.push(Tok::Sep);
            i += 2;
        } else if c[i].is_whitespace() {
            i += 1;
        } else {
            out.push(Tok::Punct(c[i]));
            i += 1;
        }
    }
    out
}

/// A path as written, with the module it was written in (inline modules included).
#[derive(Debug, Clone)]
struct Written {
    segments: Vec<String>,
    in_module: Module,
    /// `pub use`: a re-export of the module it is written in.
    reexport: bool,
}

/// The leaves of a use tree starting at `toks[*i]`, each as full segments.
fn use_tree(toks: &[Tok], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    loop {
        match toks.get(*i) {
            Some(Tok::Sep) => *i += 1,
            Some(Tok::Ident(w)) if w == "as" => {
                *i += 2; // `as name`
                out.push(path);
                return;
            }
            Some(Tok::Ident(w)) => {
                path.push(w.clone());
                *i += 1;
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push(path);
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                loop {
                    match toks.get(*i) {
                        Some(Tok::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, &path, out),
                    }
                }
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

fn written_paths(file: &SourceFile, children: &BTreeSet<Module>) -> Vec<Written> {
    let toks = tokens(&file.code);
    let mut out = Vec::new();
    // Inline `mod name {` blocks: (name, brace depth at which they close).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let here = |inline: &[(String, usize)]| -> Module {
        let mut m = file.module.clone();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    while i < toks.len() {
        let after_sep = i > 0 && toks[i - 1] == Tok::Sep;
        match &toks[i] {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(w) if w == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Punct('{'))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    depth += 1;
                    inline.push((name.clone(), depth));
                    i += 3;
                } else {
                    i += 2; // `mod name;` declares a child: not a use of it
                }
            }
            Tok::Ident(w) if w == "use" && !after_sep => {
                let reexport = i > 0 && toks[i - 1] == Tok::Ident("pub".into())
                    || i > 3 && toks[i - 1] == Tok::Punct(')') && {
                        toks[..i]
                            .iter()
                            .rev()
                            .take(5)
                            .any(|t| *t == Tok::Ident("pub".into()))
                    };
                i += 1;
                let mut leaves = Vec::new();
                use_tree(&toks, &mut i, &[], &mut leaves);
                let in_module = here(&inline);
                for segments in leaves {
                    out.push(Written {
                        segments,
                        in_module: in_module.clone(),
                        reexport,
                    });
                }
            }
            Tok::Ident(w) if !after_sep && toks.get(i + 1) == Some(&Tok::Sep) => {
                let in_module = here(&inline);
                let mut child = in_module.clone();
                child.push(w.clone());
                if matches!(w.as_str(), "crate" | "super" | "self") || children.contains(&child) {
                    let mut segments = vec![w.clone()];
                    let mut j = i + 1;
                    while toks.get(j) == Some(&Tok::Sep) {
                        match toks.get(j + 1) {
                            Some(Tok::Ident(s)) => {
                                segments.push(s.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    out.push(Written {
                        segments,
                        in_module,
                        reexport: false,
                    });
                    i = j;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The absolute path a written path means (`None`: another crate).
fn absolute(w: &Written, modules: &BTreeSet<Module>) -> Option<Vec<String>> {
    let mut segs = w.segments.iter().peekable();
    let mut base: Vec<String> = match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segs.next();
            vec![]
        }
        Some("self") => {
            segs.next();
            w.in_module.clone()
        }
        Some("super") => {
            let mut m = w.in_module.clone();
            while segs.peek().is_some_and(|s| *s == "super") {
                segs.next();
                m.pop();
            }
            m
        }
        Some(first) => {
            // 2018 paths: relative to the module when they name one of its children.
            let mut child = w.in_module.clone();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            w.in_module.clone()
        }
        None => return None,
    };
    base.extend(segs.cloned());
    Some(base)
}

struct Graph {
    modules: BTreeSet<Module>,
    /// Per module: a re-exported name → the absolute path it re-exports.
    reexports: BTreeMap<Module, BTreeMap<String, Vec<String>>>,
    /// (from, to path) with its evidence, from every file.
    refs: Vec<(Module, Vec<String>, Evidence)>,
}

impl Graph {
    fn load() -> Graph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files = read_sources(&src);
        let modules: BTreeSet<Module> = files.iter().map(|f| f.module.clone()).collect();
        let mut reexports: BTreeMap<Module, BTreeMap<String, Vec<String>>> = BTreeMap::new();
        let mut refs = Vec::new();
        for f in &files {
            for w in written_paths(f, &modules) {
                let Some(abs) = absolute(&w, &modules) else {
                    continue;
                };
                if w.reexport && w.in_module == f.module {
                    if let Some(name) = abs.last() {
                        reexports
                            .entry(f.module.clone())
                            .or_default()
                            .insert(name.clone(), abs.clone());
                    }
                }
                let evidence = Evidence {
                    file: f.rel.clone(),
                    path: w.segments.join("::"),
                };
                refs.push((f.module.clone(), abs, evidence));
            }
        }
        Graph {
            modules,
            reexports,
            refs,
        }
    }

    /// The deepest module `path` names, following re-exports.
    fn resolve(&self, path: &[String]) -> Module {
        let mut path = path.to_vec();
        for _ in 0..8 {
            let k = (0..=path.len())
                .rev()
                .find(|k| self.modules.contains(&path[..*k]))
                .unwrap_or(0);
            let module = path[..k].to_vec();
            let next = path.get(k).and_then(|name| {
                self.reexports
                    .get(&module)
                    .and_then(|r| r.get(name))
                    .filter(|target| target.as_slice() != &path[..=k])
            });
            match next {
                Some(target) => {
                    let mut t = target.clone();
                    t.extend(path[k + 1..].iter().cloned());
                    path = t;
                }
                None => return module,
            }
        }
        vec![]
    }

    /// Edges between the nodes `node` maps modules to (`None`: not in this graph).
    fn edges(
        &self,
        node: impl Fn(&Module) -> Option<String>,
    ) -> BTreeMap<String, BTreeMap<String, Evidence>> {
        let mut edges: BTreeMap<String, BTreeMap<String, Evidence>> = BTreeMap::new();
        for (from, path, ev) in &self.refs {
            let to = self.resolve(path);
            if let (Some(a), Some(b)) = (node(from), node(&to)) {
                if a != b {
                    edges
                        .entry(a)
                        .or_default()
                        .entry(b)
                        .or_insert_with(|| ev.clone());
                }
            }
        }
        edges
    }
}

/// One cycle of the graph, as the nodes along it (first node repeated at the end).
fn find_cycle<E>(edges: &BTreeMap<String, BTreeMap<String, E>>) -> Option<Vec<String>> {
    fn visit<E>(
        n: &str,
        edges: &BTreeMap<String, BTreeMap<String, E>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            match state.get(m.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == m).expect("on the stack");
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if !state.contains_key(n) {
            if let Some(c) = visit(n, edges, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn describe_cycle(
    cycle: &[String],
    edges: &BTreeMap<String, BTreeMap<String, Evidence>>,
) -> String {
    let mut s = cycle.join(" → ");
    for w in cycle.windows(2) {
        let ev = &edges[&w[0]][&w[1]];
        s.push_str(&format!(
            "\n  {} → {}: {} uses {}",
            w[0], w[1], ev.file, ev.path
        ));
    }
    s
}

fn top_level(m: &Module) -> Option<String> {
    m.first().cloned()
}

#[test]
fn top_level_modules_depend_only_downwards() {
    let g = Graph::load();
    let rank: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, layer)| layer.iter().map(move |m| (*m, i)))
        .collect();
    let unplaced: Vec<&String> = g
        .modules
        .iter()
        .filter_map(|m| m.first())
        .filter(|m| !rank.contains_key(m.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        unplaced.is_empty(),
        "top-level module(s) {unplaced:?} are not in layers::LAYERS: place them in a layer"
    );
    let edges = g.edges(top_level);
    let mut upward = Vec::new();
    for (a, tos) in &edges {
        for (b, ev) in tos {
            if rank[b.as_str()] <= rank[a.as_str()] {
                upward.push(format!(
                    "{a} → {b} ({} uses {}): {b} is not in a layer below {a}",
                    ev.file, ev.path
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "dependencies against the layers (DESIGN.md: data flows down):\n{}",
        upward.join("\n")
    );
    if let Some(c) = find_cycle(&edges) {
        panic!(
            "cycle between top-level modules: {}",
            describe_cycle(&c, &edges)
        );
    }
}

#[test]
fn submodules_have_no_cycles() {
    let g = Graph::load();
    for parent in SUBMODULE_GRAPHS {
        let edges = g.edges(|m| match m.as_slice() {
            [p, child, ..] if p == parent => Some(format!("{p}::{child}")),
            _ => None,
        });
        assert!(
            !edges.is_empty(),
            "no edges between the sub-modules of {parent}: is the checker reading src/?"
        );
        if let Some(c) = find_cycle(&edges) {
            panic!(
                "cycle between the sub-modules of {parent}: {}",
                describe_cycle(&c, &edges)
            );
        }
    }
}

#[test]
fn the_checker_sees_the_edges_it_must() {
    let g = Graph::load();
    let edges = g.edges(top_level);
    // A few known edges, one per way of writing them.
    for (a, b) in [
        ("commands", "cli"),        // a grouped use of the argument structs
        ("commands", "lifecycle"),  // a path in code: crate::lifecycle::print_plan(…)
        ("lifecycle", "isolation"), // a grouped use with `self`
        ("isolation", "platform"),  // a plain use of Platform
    ] {
        assert!(
            edges.get(a).is_some_and(|e| e.contains_key(b)),
            "expected an edge {a} → {b}; found {:?}",
            edges.get(a).map(|e| e.keys().collect::<Vec<_>>())
        );
    }
    // Re-exports resolve to the sub-module that defines the item.
    assert_eq!(
        g.resolve(&["policy".into(), "PolicyDocument".into()]),
        vec!["policy".to_string(), "model".to_string()]
    );
}

#[test]
fn cycles_are_found_and_named() {
    let mut edges: BTreeMap<String, BTreeMap<String, ()>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "d")] {
        edges.entry(a.into()).or_default().insert(b.into(), ());
    }
    assert_eq!(find_cycle(&edges), None);
    edges.entry("d".into()).or_default().insert("b".into(), ());
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["b".into(), "c".into(), "d".into(), "b".into()])
    );
}

#[test]
fn use_trees_comments_and_strings() {
    let code = strip_comments_and_literals(
        "use crate::{a::{b, c as d}, e::*};\n// use crate::x;\nlet s = \"crate::y::z\"; let c = '{';\nsuper::f::g();",
    );
    let file = SourceFile {
        rel: "m/n.rs".into(),
        module: vec!["m".into(), "n".into()],
        code,
    };
    let written: Vec<String> = written_paths(&file, &BTreeSet::new())
        .into_iter()
        .map(|w| w.segments.join("::"))
        .collect();
    assert_eq!(
        written,
        ["crate::a::b", "crate::a::c", "crate::e", "super::f::g"]
    );
}
