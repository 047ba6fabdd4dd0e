//! A writer for the crash test: opens the store in `PROPOSAL_STUDIO_DATA_DIR`,
//! creates a draft (or takes the one named), then saves numbered edits as fast
//! as it can, printing each number once its save has returned. The test
//! kills it with SIGKILL at random moments and checks that every printed
//! number is on disk.

use std::io::Write;

use serde_json::json;
use studio_core::{DocumentKind, Patch, Proposal, Template};
use studio_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open_default()?;
    let id = match std::env::args().nth(1) {
        Some(id) => id,
        None => {
            let p = Proposal::blank(Template::builtin()?, DocumentKind::FullProposal, "Stress");
            let id = store.create(&p)?.id;
            println!("draft {id}");
            id
        }
    };
    let start: u64 = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for n in start.. {
        let patches = [
            Patch::Set {
                path: "/cover/title".into(),
                value: json!(format!("edit {n}")),
            },
            Patch::Set {
                path: "/narrative/context.body".into(),
                value: json!(format!("Paragraph for edit {n}. ").repeat(40)),
            },
        ];
        store.apply_patches(&id, &patches)?;
        writeln!(out, "saved {n}")?;
        out.flush()?;
    }
    Ok(())
}
