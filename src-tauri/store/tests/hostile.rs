//! Importers under hostile input: random mutations of a real proposal file
//! and random bytes never panic, always say what is wrong, and never change
//! the database.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use studio_core::{example_proposal, Template};
use studio_store::{Store, DATABASE_FILE};

fn example_json() -> serde_json::Value {
    serde_json::to_value(example_proposal().unwrap()).unwrap()
}

/// Replaces one value somewhere in the document with `junk`.
fn mutate(v: &mut serde_json::Value, path: &[usize], junk: serde_json::Value) {
    let mut node = v;
    for (depth, i) in path.iter().enumerate() {
        let next = match node {
            serde_json::Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(i % m.len()).unwrap().clone();
                m.get_mut(&k).unwrap()
            }
            serde_json::Value::Array(a) if !a.is_empty() => {
                let n = a.len();
                &mut a[i % n]
            }
            _ => break,
        };
        if depth + 1 == path.len() {
            *next = junk;
            return;
        }
        node = next;
    }
}

fn junk() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,40}".prop_map(serde_json::Value::from),
        Just(serde_json::json!({"<script>": "alert(1)"})),
        Just(serde_json::json!([1, "two", null])),
        Just(serde_json::Value::from("\u{202E}\u{0}x".repeat(3))),
        Just(serde_json::Value::from("9".repeat(40))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_are_accepted_whole_or_refused_cleanly(path in prop::collection::vec(any::<usize>(), 1..6), j in junk()) {
        let mut v = example_json();
        mutate(&mut v, &path, j);
        let bytes = v.to_string().into_bytes();
        let t = Template::builtin().unwrap();
        match studio_core::Proposal::from_json_bytes(&bytes, t) {
            Ok(p) => { let _ = studio_core::validate(&p, t); }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn random_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let t = Template::builtin().unwrap();
        prop_assert!(studio_core::Proposal::from_json_bytes(&bytes, t).is_err());
    }
}

#[test]
fn failed_imports_leave_the_store_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.create(&example_proposal().unwrap()).unwrap();
    drop(store);
    let db = dir.path().join(DATABASE_FILE);
    let before = std::fs::read(&db).unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut refused = 0;
    for _ in 0..200 {
        let (path, j) = (prop::collection::vec(any::<usize>(), 1..6), junk())
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut v = example_json();
        mutate(&mut v, &path, j);
        let bytes = v.to_string().into_bytes();
        if studio_core::Proposal::from_json_bytes(&bytes, Template::builtin().unwrap()).is_err() {
            assert!(store.import_bytes(&bytes).is_err());
            refused += 1;
        }
    }
    drop(store);
    assert!(refused > 50, "{refused} refused");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
