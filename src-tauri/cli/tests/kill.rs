//! Crash safety: a writer saving edits is killed with SIGKILL at random
//! moments, 100 times. After each kill, every edit it reported as saved is in
//! the database, and SQLite's integrity check passes.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use studio_store::Store;

fn pseudo_random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn a_hundred_kills_lose_no_saved_edit_and_never_corrupt_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 0x5eed_u64;
    let mut draft: Option<String> = None;
    let mut next = 0u64;
    let mut total_saved = 0u64;
    for round in 0..100 {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_proposal-stress"));
        cmd.env("PROPOSAL_STUDIO_DATA_DIR", dir.path()).stdout(Stdio::piped());
        if let Some(id) = &draft {
            cmd.args([id.as_str(), &next.to_string()]);
        }
        let mut child = cmd.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        if draft.is_none() {
            let first = lines.next().unwrap().unwrap();
            draft = Some(first.strip_prefix("draft ").unwrap().to_string());
        }
        // Let it acknowledge 1 to 4 saves, then kill it wherever it is in the
        // next one. Counting acknowledgements, not milliseconds, keeps the
        // test the same on a loaded machine.
        let wanted = 1 + pseudo_random(&mut seed) % 4;
        let mut last_acked: Option<u64> = None;
        let mut acks = 0;
        while acks < wanted {
            match lines.next() {
                Some(Ok(l)) => {
                    if let Some(n) = l.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                        last_acked = Some(n);
                        acks += 1;
                    }
                }
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Anything acknowledged but still buffered in the pipe counts too.
        for l in lines.map_while(Result::ok) {
            if let Some(n) = l.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                last_acked = Some(n);
            }
        }

        let store = Store::open_in(dir.path()).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let p = store.load(draft.as_ref().unwrap()).unwrap();
        let on_disk: u64 = p
            .cover
            .title
            .strip_prefix("edit ")
            .map(|n| n.parse().unwrap())
            .unwrap_or(0);
        if let Some(acked) = last_acked {
            assert!(
                on_disk >= acked,
                "round {round}: edit {acked} was reported saved, disk has {on_disk}"
            );
            total_saved += acked + 1 - next;
        }
        assert!(
            p.narrative["context.body"].contains(&format!("edit {on_disk}.")),
            "round {round}: both parts of one save land together"
        );
        drop(store);
        let conn = rusqlite::Connection::open(dir.path().join(studio_store::DATABASE_FILE)).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}");
        next = on_disk + 1;
    }
    eprintln!("100 kills; {total_saved} acknowledged saves, none lost");
    assert!(total_saved > 100);
}
