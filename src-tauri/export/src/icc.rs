//! The sRGB colour profile the PDF names as its output intent (what PDF/A
//! asks of a file that paints in DeviceRGB). Written here, tag by tag, from
//! the published figures of sRGB (IEC 61966-2.1): its primaries adapted to
//! the D50 connection space and its tone curve. An ICC version 2 display
//! profile of the matrix-and-curves kind, under 600 bytes.

/// The profile's description, which PDF also gives as the output condition.
pub const DESCRIPTION: &str = "sRGB IEC61966-2.1";

/// The sRGB primaries' XYZ in the D50 connection space (Bradford-adapted).
const RED: [f64; 3] = [0.436_074_7, 0.222_504_5, 0.013_932_2];
const GREEN: [f64; 3] = [0.385_064_9, 0.716_878_6, 0.097_104_5];
const BLUE: [f64; 3] = [0.143_080_4, 0.060_616_9, 0.714_173_3];
/// The connection space's illuminant, D50, which is also the white point a
/// version 2 display profile names once adapted.
const D50: [f64; 3] = [0.964_2, 1.0, 0.824_9];

/// Entries of the tone curve's table. Few enough that colour-managed readers
/// build their transforms fast (poppler builds many: with 1,024 entries its
/// structure-tree text took eight times as long), many enough that littlecms
/// maps every sRGB colour through the profile to itself.
const CURVE_POINTS: usize = 32;

fn s15_fixed16(v: f64) -> [u8; 4] {
    ((v * 65_536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(xyz: [f64; 3]) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in xyz {
        t.extend(s15_fixed16(v));
    }
    t
}

/// sRGB's tone curve: linear near black, a 2.4 power above.
fn curve_tag() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend((CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let x = i as f64 / (CURVE_POINTS - 1) as f64;
        let y = if x <= 0.040_45 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        };
        t.extend(((y * 65_535.0).round() as u16).to_be_bytes());
    }
    t
}

/// A version 2 text description: ASCII, then empty Unicode and Macintosh parts.
fn description_tag(text: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend((text.len() as u32 + 1).to_be_bytes());
    t.extend(text.as_bytes());
    t.push(0);
    t.extend([0u8; 4]); // Unicode language
    t.extend([0u8; 4]); // Unicode count
    t.extend([0u8; 2]); // ScriptCode code
    t.push(0); // ScriptCode count
    t.extend([0u8; 67]); // ScriptCode text
    t
}

fn text_tag(text: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend(text.as_bytes());
    t.push(0);
    t
}

/// The whole profile.
pub fn srgb() -> Vec<u8> {
    let curve = curve_tag();
    // (signature, data); the three tone curves share one table.
    let tags: [(&[u8; 4], Vec<u8>); 9] = [
        (b"desc", description_tag(DESCRIPTION)),
        (
            b"cprt",
            text_tag("Written by Proposal Studio from the published sRGB figures; free to use"),
        ),
        (b"wtpt", xyz_tag(D50)),
        (b"rXYZ", xyz_tag(RED)),
        (b"gXYZ", xyz_tag(GREEN)),
        (b"bXYZ", xyz_tag(BLUE)),
        (b"rTRC", curve),
        (b"gTRC", Vec::new()),
        (b"bTRC", Vec::new()),
    ];
    let table_len = 4 + 12 * tags.len();
    let mut data = Vec::new();
    let mut entries = Vec::new();
    let mut curve_at = (0u32, 0u32);
    for (sig, bytes) in &tags {
        let (offset, size) = if bytes.is_empty() {
            curve_at
        } else {
            while data.len() % 4 != 0 {
                data.push(0);
            }
            let offset = (128 + table_len + data.len()) as u32;
            data.extend(bytes);
            (offset, bytes.len() as u32)
        };
        if *sig == b"rTRC" {
            curve_at = (offset, size);
        }
        entries.push((*sig, offset, size));
    }
    while data.len() % 4 != 0 {
        data.push(0);
    }
    let size = (128 + table_len + data.len()) as u32;
    let mut out = Vec::with_capacity(size as usize);
    out.extend(size.to_be_bytes());
    out.extend([0u8; 4]); // preferred CMM
    out.extend([2, 0x10, 0, 0]); // version 2.1
    out.extend(b"mntr");
    out.extend(b"RGB ");
    out.extend(b"XYZ ");
    // Created 1 January 2000: a fixed date, so that exports stay byte-reproducible.
    for v in [2000u16, 1, 1, 0, 0, 0] {
        out.extend(v.to_be_bytes());
    }
    out.extend(b"acsp");
    out.extend([0u8; 4]); // platform
    out.extend([0u8; 4]); // flags
    out.extend([0u8; 4]); // device manufacturer
    out.extend([0u8; 4]); // device model
    out.extend([0u8; 8]); // device attributes
    out.extend([0, 0, 0, 0]); // perceptual intent
    for v in D50 {
        out.extend(s15_fixed16(v));
    }
    out.extend([0u8; 4]); // creator
    out.extend([0u8; 44]); // profile id (none in version 2) and reserved
    debug_assert_eq!(out.len(), 128);
    out.extend((tags.len() as u32).to_be_bytes());
    for (sig, offset, size) in entries {
        out.extend(sig);
        out.extend(offset.to_be_bytes());
        out.extend(size.to_be_bytes());
    }
    out.extend(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_laid_out_as_icc_says() {
        let p = srgb();
        assert_eq!(u32::from_be_bytes(p[0..4].try_into().unwrap()) as usize, p.len());
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..20], b"mntrRGB ");
        let count = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(count, 9);
        for i in 0..count {
            let at = 132 + 12 * i;
            let offset = u32::from_be_bytes(p[at + 4..at + 8].try_into().unwrap()) as usize;
            let size = u32::from_be_bytes(p[at + 8..at + 12].try_into().unwrap()) as usize;
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= p.len());
        }
        assert_eq!(srgb(), p, "the same bytes every time");
    }
}
