//! The one way the app reads a JSON file: proposal files, comments files,
//! manifests, the template and its translations, catalogues.
//!
//! Before anything is deserialized the bytes are checked for what serde_json
//! would accept silently or refuse in puzzling words: a UTF-8 byte-order
//! mark is skipped; UTF-16, UTF-32 and text that is not UTF-8 are named; a
//! key written twice in one object (where the last one would win) is refused
//! with its JSON pointer. Only then is the text deserialized, straight into
//! the caller's type, with the failing place named.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Why a JSON file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonProblem {
    /// The bytes are not UTF-8 text; the encoding is named when known.
    Encoding(String),
    /// Not JSON: the parser's message, and whether the text simply stops.
    Syntax { message: String, cut_short: bool },
    /// A key appears twice in one object.
    DuplicateKey { pointer: String, key: String },
    /// JSON, but not of the expected shape: where, and what is wrong.
    Shape { path: String, message: String },
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonProblem::Encoding(m) => f.write_str(m),
            JsonProblem::Syntax { message, .. } => write!(f, "not valid JSON ({message})"),
            JsonProblem::DuplicateKey { pointer, key } => {
                write!(
                    f,
                    "the key {key:?} is written twice at {pointer}; a file must say each thing once"
                )
            }
            JsonProblem::Shape { path, message } => write!(f, "at {path}: {message}"),
        }
    }
}

impl JsonProblem {
    fn syntax(e: serde_json::Error) -> JsonProblem {
        JsonProblem::Syntax {
            cut_short: e.is_eof(),
            message: e.to_string(),
        }
    }
}

/// The UTF-8 text of a file's bytes: a byte-order mark is dropped, and
/// anything that is not UTF-8 is refused in words that name the encoding.
pub fn text(bytes: &[u8]) -> Result<&[u8], JsonProblem> {
    let utf16 = |order: &str| {
        JsonProblem::Encoding(format!(
            "the file is in UTF-16 ({order}); save it as UTF-8 and try again"
        ))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => return checked_utf8(rest),
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => {
            return Err(JsonProblem::Encoding(
                "the file is in UTF-32; save it as UTF-8 and try again".into(),
            ))
        }
        [0xFE, 0xFF, ..] => return Err(utf16("big-endian")),
        [0xFF, 0xFE, ..] => return Err(utf16("little-endian")),
        // JSON starts with an ASCII character; in UTF-16 without a mark, one
        // of its first two bytes is then zero.
        [0x00, b, ..] if *b != 0 => return Err(utf16("big-endian")),
        [a, 0x00, ..] if *a != 0 => return Err(utf16("little-endian")),
        _ => {}
    }
    checked_utf8(bytes)
}

fn checked_utf8(bytes: &[u8]) -> Result<&[u8], JsonProblem> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(bytes),
        Err(e) => Err(JsonProblem::Encoding(format!(
            "the file is not UTF-8 text (byte {} is not; it may be in a legacy encoding such as Windows-1252): save it as UTF-8 and try again",
            e.valid_up_to() + 1
        ))),
    }
}

/// Refuses a key written twice in any object of `bytes` (already UTF-8
/// text), naming the first such key by JSON pointer.
pub fn refuse_duplicate_keys(bytes: &[u8]) -> Result<(), JsonProblem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut found = None;
    let seed = Walk {
        pointer: String::new(),
        found: &mut found,
    };
    let walked = seed.deserialize(&mut de).and_then(|()| de.end());
    if let Some(problem) = found {
        return Err(problem);
    }
    walked.map_err(JsonProblem::syntax)
}

/// Reads `bytes` as a `T`: encoding, duplicate keys, syntax and shape checked
/// in that order, nothing built but the `T` itself.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonProblem> {
    typed(checked(bytes)?)
}

/// The JSON text of `bytes` once its encoding and keys are checked, for
/// reading it as more than one type (a header, then the whole).
pub fn checked(bytes: &[u8]) -> Result<&[u8], JsonProblem> {
    let bytes = text(bytes)?;
    refuse_duplicate_keys(bytes)?;
    Ok(bytes)
}

/// Deserializes text that `checked` passed.
pub fn typed<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonProblem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        if e.inner().is_syntax() || e.inner().is_eof() {
            JsonProblem::syntax(e.into_inner())
        } else {
            shape(e)
        }
    })?;
    de.end().map_err(JsonProblem::syntax)?;
    Ok(value)
}

/// Deserializes a value already parsed (and its keys checked), naming the
/// failing path as [`typed`] does.
pub fn typed_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, JsonProblem> {
    serde_path_to_error::deserialize(value).map_err(shape)
}

/// A value of the wrong shape, named by its path.
fn shape(e: serde_path_to_error::Error<serde_json::Error>) -> JsonProblem {
    let path = e.path().to_string();
    JsonProblem::Shape {
        path: if path == "." { "the top level".into() } else { path },
        message: e.into_inner().to_string(),
    }
}

/// Reads JSON built into the program (the template and its translations,
/// the catalogues, the font coverage): syntax and shape are checked, but not
/// duplicate keys, which the tests look for in every such file (see
/// `embedded_json_has_no_key_twice`), so no process pays for it again.
pub fn parse_embedded<T: DeserializeOwned>(text: &str) -> Result<T, JsonProblem> {
    typed(text.as_bytes())
}

/// One step of the duplicate-key walk: a value at `pointer`.
struct Walk<'a> {
    pointer: String,
    found: &'a mut Option<JsonProblem>,
}

/// A JSON pointer token: `~` and `/` escaped.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let next = Walk {
                pointer: format!("{}/{i}", self.pointer),
                found: &mut *self.found,
            };
            if seq.next_element_seed(next)?.is_none() {
                return Ok(());
            }
            if self.found.is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let pointer = format!("{}/{}", self.pointer, token(&key));
            if keys.contains(&key) {
                *self.found = Some(JsonProblem::DuplicateKey { pointer, key });
                // Stop here: the rest of the file is not worth reading.
                map.next_value::<IgnoredAny>()?;
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value_seed(Walk {
                pointer,
                found: &mut *self.found,
            })?;
            if self.found.is_some() {
                return Err(de::Error::custom("duplicate key"));
            }
            keys.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What `parse_embedded` leaves out, checked here once for every JSON
    /// file the program is built with: `assets/` and the screen's catalogues.
    #[test]
    fn embedded_json_has_no_key_twice() {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "json") {
                    found.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        walk(&root.join("assets"), &mut files);
        walk(&root.join("ui/src/lib/i18n"), &mut files);
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        for must in [
            "mptf-jp.v1.json",
            "mptf-jp.v1.fr.json",
            "messages.json",
            "pdf.json",
            "coverage.json",
            "en.json",
        ] {
            assert!(names.iter().any(|n| n.ends_with(must)), "{must} not among {names:?}");
        }
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            assert_eq!(
                refuse_duplicate_keys(text(&bytes).unwrap()),
                Ok(()),
                "{}",
                file.display()
            );
        }
        // The check itself finds a key twice where parse_embedded does not.
        let twice = r#"{"a": 1, "a": 2}"#;
        assert!(refuse_duplicate_keys(twice.as_bytes()).is_err());
        assert!(parse_embedded::<Value>(twice).is_ok());
    }

    #[test]
    fn a_key_written_twice_is_named_by_pointer() {
        let e = parse::<Value>(br#"{"budget": {"lines": [1]}, "budget": {"lines": []}}"#).unwrap_err();
        assert_eq!(
            e,
            JsonProblem::DuplicateKey {
                pointer: "/budget".into(),
                key: "budget".into()
            }
        );
        let e = parse::<Value>(br#"{"a": [{"x": 1}, {"y/~": 1, "y/~": 2}]}"#).unwrap_err();
        assert_eq!(
            e,
            JsonProblem::DuplicateKey {
                pointer: "/a/1/y~1~0".into(),
                key: "y/~".into()
            }
        );
        assert!(e.to_string().contains("/a/1/y~1~0"), "{e}");
        // The same key in different objects is fine.
        assert!(parse::<Value>(br#"{"a": {"k": 1}, "b": {"k": 1}}"#).is_ok());
    }

    #[test]
    fn a_utf8_byte_order_mark_is_accepted_and_other_encodings_named() {
        let v: Value = parse(b"\xEF\xBB\xBF{\"a\": 1}").unwrap();
        assert_eq!(v["a"], 1);
        let utf16le: Vec<u8> = "{\"a\": 1}".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let utf16be: Vec<u8> = "{\"a\": 1}".encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, words) in [
            ([&[0xFF, 0xFE][..], &utf16le].concat(), "UTF-16 (little-endian)"),
            ([&[0xFE, 0xFF][..], &utf16be].concat(), "UTF-16 (big-endian)"),
            (utf16le.clone(), "UTF-16 (little-endian)"),
            (utf16be.clone(), "UTF-16 (big-endian)"),
            (b"\xFF\xFE\0\0{\0\0\0".to_vec(), "UTF-32"),
            (b"{\"a\": \"caf\xE9\"}".to_vec(), "not UTF-8"),
        ] {
            let e = parse::<Value>(&bytes).unwrap_err();
            assert!(matches!(e, JsonProblem::Encoding(_)), "{e:?}");
            assert!(e.to_string().contains(words), "{e} should name {words}");
        }
    }

    #[test]
    fn syntax_shape_and_trailing_text_are_told_apart() {
        assert!(matches!(
            parse::<Value>(b"{\"a\": ").unwrap_err(),
            JsonProblem::Syntax { cut_short: true, .. }
        ));
        assert!(matches!(
            parse::<Value>(b"{} x").unwrap_err(),
            JsonProblem::Syntax { cut_short: false, .. }
        ));
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            n: u8,
        }
        let e = parse::<S>(br#"{"n": "x"}"#).unwrap_err();
        assert!(matches!(&e, JsonProblem::Shape { path, .. } if path == "n"), "{e:?}");
    }

    proptest::proptest! {
        /// Any JSON serde_json writes is read back unchanged; adding a key
        /// already present anywhere is always refused.
        #[test]
        fn written_json_reads_back(keys in proptest::collection::vec("[a-z~/]{1,4}", 1..6), n in 0i64..1000) {
            let mut obj = serde_json::Map::new();
            for (i, k) in keys.iter().enumerate() {
                obj.insert(k.clone(), serde_json::json!({ "n": n + i as i64, "list": [k] }));
            }
            let text = serde_json::to_string_pretty(&Value::Object(obj.clone())).unwrap();
            proptest::prop_assert_eq!(parse::<Value>(text.as_bytes()).unwrap(), Value::Object(obj));
            let first = keys[0].clone();
            let doubled = format!("{{\"x\": {text}, \"x\": 1}}");
            let dup_inside = format!("{},\"{first}\":0}}", text.trim_end().trim_end_matches('}'));
            let refused = |t: &str| matches!(parse::<Value>(t.as_bytes()), Err(JsonProblem::DuplicateKey { .. }));
            proptest::prop_assert!(refused(&doubled));
            proptest::prop_assert!(refused(&dup_inside));
        }
    }
}
