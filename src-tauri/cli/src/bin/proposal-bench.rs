//! `./studio bench`: timings of the operations users feel, on this machine,
//! against a real database file in a temporary folder.

use std::time::{Duration, Instant};

use serde_json::json;
use studio_core::{example_proposal, validate, Patch, Template};
use studio_store::Store;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn time_n(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    let mut all: Vec<Duration> = (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    all.sort();
    all
}

fn report(name: &str, samples: &[Duration]) {
    println!(
        "{name:<44} median {:>11}   p99 {:>11}   (n={})",
        ms(percentile(samples, 0.5)),
        ms(percentile(samples, 0.99)),
        samples.len()
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("proposal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let template = Template::builtin()?;
    let example = example_proposal()?;
    let mut store = Store::open_in(&dir)?;
    let id = store.create(&example)?.id;

    let edits = 10_000;
    let mut text = String::new();
    let samples = time_n(edits, |i| {
        text.push(if i % 6 == 5 { ' ' } else { 'a' });
        let patch = Patch::Set { path: "/narrative/context.body".into(), value: json!(text) };
        store.apply_patches(&id, &[patch]).expect("save");
    });
    report("autosave: one narrative patch to disk", &samples);

    let samples = time_n(2_000, |i| {
        let patch = Patch::Set { path: "/cover/title".into(), value: json!(format!("Title {i}")) };
        store.apply_patches(&id, &[patch]).expect("save");
    });
    report("autosave: one cover patch to disk", &samples);

    report("load a whole draft", &time_n(1_000, |_| drop(store.load(&id).expect("load"))));
    report("readiness rules on the example", &time_n(1_000, |_| drop(validate(&example, template))));
    report("library list (1 draft)", &time_n(500, |_| drop(store.list(false).expect("list"))));

    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
