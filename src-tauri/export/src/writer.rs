//! The PDF's bytes from lopdf's objects: streams as indirect objects,
//! compressed (at zlib's default level) where that makes them smaller,
//! every other object packed into compressed object streams, and a
//! compressed cross-reference stream. lopdf's own writer does the same but writes each
//! packed object three times over and compresses the object streams one
//! after another; here each is written once, and the object streams are
//! made on as many cores as there are (each on its own, so the bytes do not
//! depend on which core made it).

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::ExportError;

/// Compresses one stream's bytes as a zlib stream.
pub type Deflate = dyn Fn(&[u8]) -> Result<Vec<u8>, ExportError> + Sync;

/// Objects in one object stream.
const PER_STREAM: usize = 500;

/// Whether a stream of `plain` bytes is better written compressed to
/// `packed` bytes: smaller by more than its filter's name in the dictionary.
pub fn worth_compressing(packed: usize, plain: usize) -> bool {
    packed + 19 < plain
}

/// What the cross-reference stream says of one object.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    Packed { stream: u32, index: u16 },
}

/// The document as PDF bytes. `deflate` compresses one stream's bytes.
pub fn save(doc: &Document, deflate: &Deflate) -> Result<Vec<u8>, ExportError> {
    let max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
    let (streams, packed): (Vec<_>, Vec<_>) = doc
        .objects
        .iter()
        .filter(|(id, o)| !is_object_stream(o) && id.0 > 0)
        .partition(|(id, o)| matches!(o, Object::Stream(_)) || id.1 != 0);
    let chunks: Vec<&[(&ObjectId, &Object)]> = packed.chunks(PER_STREAM).collect();
    // The work shared out between the cores: each stream not compressed
    // yet, and each object stream to make, largest first, each to the core
    // with the least so far (an object is reckoned at 80 bytes).
    let mut jobs: Vec<(usize, Job)> = streams
        .iter()
        .enumerate()
        .filter_map(|(i, (_, o))| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some((s.content.len(), Job::Stream(i)))
            }
            _ => None,
        })
        .chain(chunks.iter().enumerate().map(|(i, c)| (c.len() * 80, Job::Packed(i))))
        .collect();
    jobs.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let mut shares: Vec<(usize, Vec<Job>)> = (0..cores).map(|_| (0, Vec::new())).collect();
    for (size, job) in jobs {
        if let Some(share) = shares.iter_mut().min_by_key(|(total, _)| *total) {
            share.0 += size;
            share.1.push(job);
        }
    }
    let done: Vec<(Job, Result<Made, ExportError>)> = std::thread::scope(|scope| {
        let work = |share: Vec<Job>| -> Vec<(Job, Result<Made, ExportError>)> {
            share
                .into_iter()
                .map(|job| {
                    let made = match job {
                        Job::Stream(i) => match streams[i].1 {
                            Object::Stream(s) => deflate(&s.content).map(Made::Stream),
                            _ => Err(ExportError::Font("not a stream".into())),
                        },
                        Job::Packed(i) => object_stream(chunks[i], deflate).map(|(c, f)| Made::Packed(c, f)),
                    };
                    (job, made)
                })
                .collect()
        };
        let mut shares = shares.into_iter().map(|(_, jobs)| jobs);
        let mine = shares.next().unwrap_or_default();
        let others: Vec<_> = shares.map(|share| scope.spawn(move || work(share))).collect();
        let mut done = work(mine);
        for other in others {
            done.extend(other.join().unwrap_or_else(|_| {
                vec![(
                    Job::Packed(usize::MAX),
                    Err(ExportError::Font("the PDF could not be compressed".into())),
                )]
            }));
        }
        done
    });
    let mut compressed: Vec<Option<Vec<u8>>> = vec![None; streams.len()];
    let mut made: Vec<Option<(Vec<u8>, usize)>> = vec![None; chunks.len()];
    for (job, result) in done {
        match (job, result?) {
            (Job::Stream(i), Made::Stream(bytes)) => compressed[i] = Some(bytes),
            (Job::Packed(i), Made::Packed(content, first)) => made[i] = Some((content, first)),
            _ => return Err(ExportError::Font("the PDF could not be compressed".into())),
        }
    }
    let stream_ids = (max_id + 1..).take(chunks.len());
    let xref_id = max_id + 1 + chunks.len() as u32;
    let mut entries = vec![Entry::Free; xref_id as usize + 1];
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(format!("%PDF-{}\n", doc.version.as_str().max("1.5")).as_bytes());
    out.push(b'%');
    out.extend_from_slice(&doc.binary_mark);
    out.push(b'\n');
    for ((id, object), packed) in streams.into_iter().zip(compressed) {
        entries[id.0 as usize] = Entry::At(out.len());
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        match (object, packed) {
            // Compressed where that makes it smaller.
            (Object::Stream(s), Some(packed)) if worth_compressing(packed.len(), s.content.len()) => {
                let mut dict = s.dict.clone();
                dict.set("Filter", "FlateDecode");
                dict.set("Length", packed.len() as i64);
                write_dictionary(&mut out, &dict);
                out.extend_from_slice(b"stream\n");
                out.extend_from_slice(&packed);
                out.extend_from_slice(b"\nendstream");
            }
            _ => write_object(&mut out, object),
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    for ((id, made), chunk) in stream_ids.zip(made).zip(&chunks) {
        let (content, first) = made.ok_or_else(|| ExportError::Font("an object stream was not made".into()))?;
        for (index, (packed_id, _)) in chunk.iter().enumerate() {
            entries[packed_id.0 as usize] = Entry::Packed {
                stream: id,
                index: index as u16,
            };
        }
        entries[id as usize] = Entry::At(out.len());
        out.extend_from_slice(
            format!(
                "{id} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
                chunk.len(),
                content.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }
    // The cross-reference stream: a row of seven bytes an object (type,
    // offset or object stream, generation or index), each written as its
    // difference from the row above (the PNG "up" predictor, so rising
    // offsets become runs of zeros), then deflated.
    let xref_at = out.len();
    entries[xref_id as usize] = Entry::At(xref_at);
    const ROW: usize = 7;
    let mut rows = Vec::with_capacity(entries.len() * (ROW + 1));
    let mut above = [0u8; ROW];
    for entry in &entries {
        let mut row = [0u8; ROW];
        match *entry {
            Entry::Free => row[5..7].copy_from_slice(&u16::MAX.to_be_bytes()),
            Entry::At(offset) => {
                row[0] = 1;
                row[1..5].copy_from_slice(&(offset as u32).to_be_bytes());
            }
            Entry::Packed { stream, index } => {
                row[0] = 2;
                row[1..5].copy_from_slice(&stream.to_be_bytes());
                row[5..7].copy_from_slice(&index.to_be_bytes());
            }
        }
        rows.push(2); // PNG filter type 2: up
        rows.extend(row.iter().zip(above).map(|(b, a)| b.wrapping_sub(a)));
        above = row;
    }
    let table = deflate(&rows)?;
    let mut trailer = Dictionary::new();
    trailer.set("Type", "XRef");
    trailer.set("Size", i64::from(xref_id) + 1);
    trailer.set("W", vec![1.into(), 4.into(), 2.into()]);
    trailer.set("Index", vec![0.into(), (i64::from(xref_id) + 1).into()]);
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), value.clone());
        }
    }
    trailer.set("Filter", "FlateDecode");
    trailer.set(
        "DecodeParms",
        Dictionary::from_iter(vec![("Predictor", 12.into()), ("Columns", (ROW as i64).into())]),
    );
    trailer.set("Length", table.len() as i64);
    out.extend_from_slice(format!("{xref_id} 0 obj\n").as_bytes());
    write_dictionary(&mut out, &trailer);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&table);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF").as_bytes());
    Ok(out)
}

/// A piece of the work done on the cores: a stream to compress, or an
/// object stream to make (by their places in their lists).
#[derive(Clone, Copy)]
enum Job {
    Stream(usize),
    Packed(usize),
}

/// What a job made.
enum Made {
    Stream(Vec<u8>),
    Packed(Vec<u8>, usize),
}

fn is_object_stream(object: &Object) -> bool {
    matches!(object, Object::Stream(s) if s.dict.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"ObjStm"))
}

/// One object stream's content, compressed, and where its first object
/// begins (`/First`): a table of object numbers and offsets, then the
/// objects, each followed by a space.
fn object_stream(chunk: &[(&ObjectId, &Object)], deflate: &Deflate) -> Result<(Vec<u8>, usize), ExportError> {
    let mut objects = Vec::with_capacity(chunk.len() * 64);
    let mut table = Vec::with_capacity(chunk.len() * 12);
    for (id, object) in chunk {
        table.extend_from_slice(itoa::Buffer::new().format(id.0).as_bytes());
        table.push(b' ');
        table.extend_from_slice(itoa::Buffer::new().format(objects.len()).as_bytes());
        table.push(b' ');
        write_object(&mut objects, object);
        objects.push(b' ');
    }
    let first = table.len();
    table.extend_from_slice(&objects);
    Ok((deflate(&table)?, first))
}

/// Whether a space must come before `object` after a name or another
/// object (numbers, keywords and references begin with letters or digits).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_)
    )
}

pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
        Object::Real(r) => write_real(out, *r),
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => write_literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", stream.content.len() as i64);
            write_dictionary(out, &dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(itoa::Buffer::new().format(*id).as_bytes());
            out.push(b' ');
            out.extend_from_slice(itoa::Buffer::new().format(*generation).as_bytes());
            out.extend_from_slice(b" R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// Hexadecimal digits, as names and strings in hexadecimal are written.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// A real number in the fewest digits that read back as the same `f32`,
/// never with an exponent (PDF has none); the page contents' numbers too.
pub(crate) fn write_real(out: &mut Vec<u8>, r: f32) {
    if !r.is_finite() {
        out.push(b'0');
    } else if r == r.trunc() && r.abs() < 1.0e15 {
        out.extend_from_slice(itoa::Buffer::new().format(r as i64).as_bytes());
    } else {
        let mut buffer = ryu::Buffer::new();
        let text = buffer.format_finite(r);
        if text.contains('e') {
            out.extend_from_slice(format!("{r}").as_bytes());
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    }
}

/// A name, with white space, delimiters and bytes outside printable ASCII
/// written as `#XX`; the page contents' names too.
pub(crate) fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.push(b);
        }
    }
}

/// A literal string (see [`literal_byte`]).
fn write_literal(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'(');
    for &b in text {
        literal_byte(out, b);
    }
    out.push(b')');
}

/// One byte of a literal string, escaped where a reader would take it
/// otherwise: a backslash or a parenthesis, and a carriage return (which a
/// reader turns into a line feed). The page contents' glyph strings too.
pub(crate) fn literal_byte(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => {
            out.push(b'\\');
            out.push(b);
        }
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        assert_eq!(written(&Object::Real(0.5)), "0.5");
        assert_eq!(written(&Object::Real(64.0)), "64");
        assert_eq!(written(&Object::Real(1.0e-9)), "0.000000001");
        assert_eq!(written(&Object::Name(b"A B#".to_vec())), "/A#20B#23");
        assert_eq!(
            written(&Object::string_literal("a (b) \\ c\r")),
            "(a \\(b\\) \\\\ c\\r)"
        );
        assert_eq!(
            written(&Object::String(vec![0xfe, 0xff, 0, 65], StringFormat::Hexadecimal)),
            "<FEFF0041>"
        );
        let array = Object::Array(vec![
            1.into(),
            Object::Name(b"N".to_vec()),
            Object::Reference((3, 0)),
            Object::Null,
        ]);
        assert_eq!(written(&array), "[1/N 3 0 R null]");
        let mut dict = Dictionary::new();
        dict.set("Type", "Page");
        dict.set("Count", 3);
        dict.set("Kids", vec![Object::Reference((4, 0))]);
        assert_eq!(written(&Object::Dictionary(dict)), "<</Type/Page/Count 3/Kids[4 0 R]>>");
    }
}
