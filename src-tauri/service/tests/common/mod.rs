//! What the service tests share.

use std::path::Path;

/// Every row of every table of the library at `db`, read through a second
/// connection and sorted: what "the library did not change" means.
pub fn tables(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for name in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| r.get_ref(i).map(shown))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        let mut rows: Vec<String> = rows.map(|r| r.unwrap().join(" | ")).collect();
        rows.sort();
        out.push_str(&format!("{name}:\n"));
        for row in rows {
            out.push_str(&format!("  {row}\n"));
        }
    }
    out
}

fn shown(v: rusqlite::types::ValueRef<'_>) -> String {
    match v {
        rusqlite::types::ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        other => format!("{other:?}"),
    }
}
