//! Attachments (SPEC §2): photos, scans and PDFs kept inside the database with a terminal, SIM
//! card, deposit or repair ticket. What a file may be is decided here, from its first bytes: its
//! name's extension must agree with them (a `.jpg` that holds a program, or a PDF named `.png`,
//! is refused), and only JPEG, PNG and PDF are taken — what a phone, a scanner and a printer's
//! "save as PDF" make, and what every PC opens.

use super::{AttachmentOwner, FileKind};
use crate::error::AttachmentProblem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The largest file taken (20 MB).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// A file's name is kept to this many characters (its extension is kept).
pub const MAX_NAME_CHARS: usize = 120;

/// An attachment as listed: everything but its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attachment {
    pub id: i64,
    pub owner: AttachmentOwner,
    /// The owner's own ID (a terminal's, a SIM card's, a deposit's or a ticket's).
    pub owner_id: i64,
    pub name: String,
    pub kind: FileKind,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// SHA-256 of the bytes, hex: the same file attached twice is recognised by it.
    pub sha256: String,
    /// On a repair ticket: the document of its checklist this file is (e.g. `warranty_card`).
    pub document: Option<String>,
    pub added_at: DateTime<Utc>,
    /// Whether a thumbnail is kept (photos and scans; not PDFs).
    pub has_thumb: bool,
}

/// A file checked and ready to keep (made by `files::attachment::prepare`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub name: String,
    pub kind: FileKind,
    pub data: Vec<u8>,
    /// A JPEG thumbnail of an image (none for a PDF).
    pub thumb: Option<Vec<u8>>,
    /// Whether the image was made smaller than the file given.
    pub downsized: bool,
}

impl Attachment {
    /// The name as a file name of its own: any folder separator (possible only in a file not
    /// written by this version) made `_`, so it never names a path elsewhere.
    pub fn file_name(&self) -> String {
        self.name.chars().map(|c| if matches!(c, '/' | '\\') { '_' } else { c }).collect()
    }
}

impl FileKind {
    /// The extensions a file of this kind may have (lower case, the usual one first).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            FileKind::Png => &["png"],
            FileKind::Pdf => &["pdf"],
        }
    }

    /// The MIME type, for the OS viewer and data URLs.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }

    /// Whether the file is an image (has a thumbnail, may be downsized).
    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }
}

/// What the first bytes of a file show it to be: one of the kinds taken, or the name of a kind
/// people often try (for the message), or nothing known.
fn content_of(head: &[u8]) -> Result<FileKind, Option<&'static str>> {
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Ok(FileKind::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(FileKind::Png);
    }
    // Readers take "%PDF-" anywhere in the first 1,024 bytes (some scanners write a header first).
    if head.len() >= 5 && head[..head.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Ok(FileKind::Pdf);
    }
    let brand = head.get(4..12);
    let seen = if matches!(brand, Some(b) if b.starts_with(b"ftyp") && {
        let b = &b[4..];
        b == b"heic" || b == b"heix" || b == b"mif1" || b == b"msf1" || b == b"hevc" || b == b"avif"
    }) {
        Some("HEIC")
    } else if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Some("WebP")
    } else if starts(b"GIF8") {
        Some("GIF")
    } else if starts(b"BM") {
        Some("BMP")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("TIFF")
    } else if starts(b"PK\x03\x04") {
        Some("ZIP/Office")
    } else if starts(b"MZ") || starts(b"\x7fELF") {
        Some("program")
    } else {
        None
    };
    Err(seen)
}

/// The kind a name claims by its extension; `Err(ext)` for an extension of no kind taken, `Ok(None)`
/// for a name without one.
fn claimed_by(name: &str) -> Result<Option<FileKind>, String> {
    let Some((_, ext)) = name.rsplit_once('.').filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty()) else {
        return Ok(None);
    };
    let ext = ext.to_ascii_lowercase();
    FileKind::ALL.iter().copied().find(|k| k.extensions().contains(&ext.as_str())).map(Some).ok_or(ext)
}

/// Checks a file before it is attached: not empty, at most [`MAX_BYTES`], a JPEG, PNG or PDF by
/// its first bytes, and named as what it is.
pub fn check_file(name: &str, size: u64, head: &[u8]) -> Result<FileKind, AttachmentProblem> {
    let name_shown = name.to_string();
    if size == 0 {
        return Err(AttachmentProblem::Empty { name: name_shown });
    }
    if size > MAX_BYTES {
        return Err(AttachmentProblem::TooBig { name: name_shown, size, max: MAX_BYTES });
    }
    let claimed = claimed_by(name);
    match (content_of(head), claimed) {
        (Ok(kind), Ok(None)) => Ok(kind),
        (Ok(kind), Ok(Some(c))) if c == kind => Ok(kind),
        (Ok(kind), Ok(Some(c))) => Err(AttachmentProblem::LyingName {
            name: name_shown,
            claimed: c.extensions()[0].to_string(),
            actual: kind.code().to_string(),
        }),
        (Ok(kind), Err(ext)) => {
            Err(AttachmentProblem::LyingName { name: name_shown, claimed: ext, actual: kind.code().to_string() })
        }
        (Err(seen), Ok(Some(c))) => Err(AttachmentProblem::LyingName {
            name: name_shown,
            claimed: c.extensions()[0].to_string(),
            actual: seen.unwrap_or("unknown").to_string(),
        }),
        (Err(seen), _) => Err(AttachmentProblem::Unsupported { name: name_shown, seen: seen.map(str::to_string) }),
    }
}

/// The name an attachment is kept under: the file's own name without any folder, with control,
/// invisible and path characters replaced, cut to [`MAX_NAME_CHARS`] keeping its extension; a
/// name left empty becomes "附件" with the kind's extension.
pub fn clean_name(name: &str, kind: FileKind) -> String {
    use crate::chars::{is_invisible, is_line_control};
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if is_line_control(c) || is_invisible(c) || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        return format!("附件.{}", kind.extensions()[0]);
    }
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned;
    }
    let ext = cleaned.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().count() <= 8).unwrap_or("");
    let keep = MAX_NAME_CHARS - ext.chars().count() - usize::from(!ext.is_empty());
    let stem: String = cleaned.chars().take(keep).collect();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn files_are_taken_by_what_they_hold_and_named_as_it() {
        assert_eq!(check_file("保修卡.JPG", 10, JPEG), Ok(FileKind::Jpeg));
        assert_eq!(check_file("scan.png", 10, PNG), Ok(FileKind::Png));
        assert_eq!(check_file("发票.pdf", 10, b"%PDF-1.7\n"), Ok(FileKind::Pdf));
        assert_eq!(check_file("header.pdf", 10, b"\r\n\r\n%PDF-1.4"), Ok(FileKind::Pdf));
        assert_eq!(check_file("no_extension", 10, JPEG), Ok(FileKind::Jpeg));
    }

    #[test]
    fn lying_names_empty_big_and_other_files_are_refused() {
        let code = |r: Result<FileKind, AttachmentProblem>| r.map_err(|p| p.code());
        assert_eq!(code(check_file("photo.jpg", 10, b"MZ\x90\0")), Err("attachment_lying_name"));
        assert_eq!(code(check_file("photo.png", 10, b"%PDF-1.7")), Err("attachment_lying_name"));
        assert_eq!(code(check_file("setup.exe", 10, PNG)), Err("attachment_lying_name"));
        assert_eq!(code(check_file("IMG_0001.HEIC", 10, b"\0\0\0\x18ftypheic")), Err("attachment_unsupported"));
        assert_eq!(code(check_file("notes.txt", 10, b"hello")), Err("attachment_unsupported"));
        assert_eq!(code(check_file("a.jpg", 0, b"")), Err("attachment_empty"));
        assert_eq!(code(check_file("a.jpg", MAX_BYTES + 1, JPEG)), Err("attachment_too_big"));
        assert_eq!(code(check_file("a.jpg", MAX_BYTES, JPEG)), Ok(FileKind::Jpeg));
        match check_file("IMG.heic", 10, b"\0\0\0\x18ftypmif1") {
            Err(AttachmentProblem::Unsupported { seen, .. }) => assert_eq!(seen.as_deref(), Some("HEIC")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_lose_folders_and_controls_and_keep_their_extension() {
        assert_eq!(clean_name("C:\\Users\\店\\保修卡.jpg", FileKind::Jpeg), "保修卡.jpg");
        assert_eq!(clean_name("../../etc/x\u{202e}gpj.png", FileKind::Png), "x_gpj.png");
        assert_eq!(clean_name("  ", FileKind::Pdf), "附件.pdf");
        let long = format!("{}.pdf", "票".repeat(300));
        let kept = clean_name(&long, FileKind::Pdf);
        assert_eq!(kept.chars().count(), MAX_NAME_CHARS);
        assert!(kept.ends_with(".pdf"));
    }
}
