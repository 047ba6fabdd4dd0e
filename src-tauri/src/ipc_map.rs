//! The typed map of the command layer, generated from the commands
//! themselves: every `#[tauri::command]` in `src/commands` is read with syn,
//! its IPC arguments (camelCased, as Tauri passes them) and its result are
//! written as TypeScript to `ui/src/lib/backend/bindings/Commands.ts`, next
//! to the ts-rs bindings of the types they name. The UI's one door to the
//! core (`ui/src/lib/backend/index.ts`) types every call through it, so a
//! renamed argument or a changed result fails the UI's type check, and the
//! bindings drift check sees a map that was not regenerated.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// Parameters Tauri fills itself; they are not sent from the UI.
const INJECTED: [&str; 5] = ["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

struct Command {
    name: String,
    args: Vec<(String, String)>,
    result: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn bindings() -> PathBuf {
    root().join("../ui/src/lib/backend/bindings")
}

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn generic_args(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A Rust type as the TypeScript the IPC sees; named types are recorded to
/// be imported from their ts-rs bindings.
fn ts(ty: &Type, named: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(r) => ts(&r.elem, named),
        Type::Tuple(t) if t.elems.is_empty() => "null".into(),
        Type::Tuple(t) => format!(
            "[{}]",
            t.elems.iter().map(|e| ts(e, named)).collect::<Vec<_>>().join(", ")
        ),
        Type::Path(p) => {
            let last = p.path.segments.last().expect("a type has a name");
            let args = generic_args(&last.arguments);
            match (last.ident.to_string().as_str(), args.as_slice()) {
                ("String" | "str" | "PathBuf", _) => "string".into(),
                ("bool", _) => "boolean".into(),
                (
                    "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32" | "f64",
                    _,
                ) => "number".into(),
                ("Vec", [t]) => format!("Array<{}>", ts(t, named)),
                ("Option", [t]) => format!("{} | null", ts(t, named)),
                ("ApiResult", [t]) => ts(t, named),
                ("Result", [t, ..]) => ts(t, named),
                ("BTreeMap" | "HashMap", [k, v]) => format!("Partial<Record<{}, {}>>", ts(k, named), ts(v, named)),
                (name, []) => {
                    named.insert(name.to_string());
                    name.to_string()
                }
                (name, _) => panic!("the IPC map cannot write {name}<…>: teach ipc_map.rs this type"),
            }
        }
        other => panic!("the IPC map cannot write {}", quote_type(other)),
    }
}

fn quote_type(t: &Type) -> String {
    format!("{:?}", std::mem::discriminant(t))
}

fn is_command(f: &syn::ItemFn) -> bool {
    f.attrs.iter().any(|a| {
        let segs: Vec<String> = a.path().segments.iter().map(|s| s.ident.to_string()).collect();
        segs == ["tauri", "command"]
    })
}

fn injected(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())),
        _ => false,
    }
}

fn commands(named: &mut BTreeSet<String>) -> Vec<Command> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("src/commands"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let parsed = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for item in parsed.items {
            let Item::Fn(f) = item else { continue };
            if !is_command(&f) {
                continue;
            }
            let mut args = Vec::new();
            for input in &f.sig.inputs {
                let FnArg::Typed(pt) = input else { continue };
                if injected(&pt.ty) {
                    continue;
                }
                let Pat::Ident(name) = &*pt.pat else {
                    panic!("{}: an argument of {} is not a plain name", file.display(), f.sig.ident)
                };
                // An `Option` argument may be left out: Tauri reads it as `None`.
                let optional =
                    matches!(&*pt.ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
                let name = camel(&name.ident.to_string());
                args.push((if optional { format!("{name}?") } else { name }, ts(&pt.ty, named)));
            }
            let result = match &f.sig.output {
                ReturnType::Default => "null".to_string(),
                ReturnType::Type(_, t) => ts(t, named),
            };
            out.push(Command {
                name: f.sig.ident.to_string(),
                args,
                result,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn render(commands: &[Command], named: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "// Generated from the Rust commands (src-tauri/src/commands) by src-tauri/src/ipc_map.rs\n\
         // when `cargo test -p proposal-studio` runs. Do not edit this file manually.\n",
    );
    for n in named {
        s.push_str(&format!("import type {{ {n} }} from \"./{n}\";\n"));
    }
    s.push_str("\n/** Every command the window may call: its arguments as sent, and what it resolves to. */\nexport type Commands = {\n");
    for c in commands {
        let args = if c.args.is_empty() {
            "Record<string, never>".to_string()
        } else {
            format!(
                "{{ {} }}",
                c.args
                    .iter()
                    .map(|(n, t)| format!("{n}: {t}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        s.push_str(&format!("  {}: {{ args: {args}; result: {} }};\n", c.name, c.result));
    }
    s.push_str("};\n\n/** The commands' names, as the shell registers them. */\nexport const COMMAND_NAMES = [\n");
    for c in commands {
        s.push_str(&format!("  \"{}\",\n", c.name));
    }
    s.push_str("] as const;\n");
    s
}

#[test]
fn the_ipc_map_is_generated_from_the_commands_and_every_command_is_registered() {
    let mut named = BTreeSet::new();
    let list = commands(&mut named);
    assert!(list.len() > 50, "{} commands found", list.len());
    for n in &named {
        assert!(
            bindings().join(format!("{n}.ts")).exists(),
            "{n} crosses the IPC but has no ts-rs binding: derive TS with #[ts(export)]"
        );
    }
    let names: BTreeSet<&str> = list.iter().map(|c| c.name.as_str()).collect();
    // Registered with Tauri, and allowed by the capability, each once.
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let handler = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .expect("the handler list");
    let registered: BTreeSet<&str> = handler
        .split(',')
        .filter_map(|x| x.trim().rsplit("::").next())
        .filter(|x| !x.is_empty())
        .collect();
    assert_eq!(registered, names, "generate_handler! and the commands differ");
    let build = std::fs::read_to_string(root().join("build.rs")).unwrap();
    let allowed: BTreeSet<&str> = names
        .iter()
        .copied()
        .filter(|n| build.contains(&format!("\"{n}\"")))
        .collect();
    assert_eq!(allowed, names, "build.rs's COMMANDS lacks some commands");

    let text = render(&list, &named);
    let path = bindings().join("Commands.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).unwrap();
    }
}

#[test]
fn names_are_camel_cased_as_tauri_sends_them() {
    assert_eq!(camel("version_id"), "versionId");
    assert_eq!(camel("id"), "id");
    assert_eq!(camel("review_id_and_more"), "reviewIdAndMore");
}
