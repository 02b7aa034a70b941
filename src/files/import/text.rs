//! Text spreadsheets (.csv, .tsv, .txt): the encoding (UTF-8 with or without BOM, UTF-16 with BOM,
//! otherwise GB18030, what Excel on a Chinese Windows writes), the delimiter (comma, tab or
//! semicolon, sniffed from the first line), and records through the `csv` crate, so quoted fields
//! may hold delimiters, quotes and line breaks. The file is decoded as it is read, never whole.

use super::values::Cell;
use super::RawRow;
use crate::error::{Error, Result};
use crate::files::export::csv_value;
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// What the first bytes of a text file say about it.
#[derive(Debug, Clone, Copy)]
pub struct TextKind {
    pub encoding: &'static Encoding,
    pub delimiter: u8,
}

impl TextKind {
    /// `csv` or `tsv`, as the report names it.
    pub fn format(self) -> &'static str {
        match self.delimiter {
            b'\t' => "tsv",
            _ => "csv",
        }
    }
}

const SAMPLE: usize = 64 * 1024;

/// Looks at the start of the file: encoding, binary garbage, delimiter.
pub fn sniff(path: &Path) -> Result<TextKind> {
    let mut f = File::open(path)?;
    let mut sample = Vec::with_capacity(SAMPLE);
    f.by_ref().take(SAMPLE as u64).read_to_end(&mut sample)?;
    let not_text = |reason: &'static str| Error::NotASpreadsheet { path: path.to_path_buf(), reason };
    let encoding = match Encoding::for_bom(&sample) {
        Some((enc, _)) => enc,
        None => {
            if sample.contains(&0) {
                return Err(not_text("binary"));
            }
            match std::str::from_utf8(&sample) {
                Ok(_) => UTF_8,
                // Valid up to a character cut off by the end of the sample.
                Err(e) if e.error_len().is_none() => UTF_8,
                Err(_) => GB18030,
            }
        }
    };
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut text = String::with_capacity(sample.len() * 2 + 16);
    let last = sample.len() < SAMPLE;
    let (res, read) = decoder.decode_to_string_without_replacement(&sample, &mut text, last);
    if let DecoderResult::Malformed(..) = res {
        if encoding == GB18030 {
            return Err(not_text("encoding"));
        }
        return Err(Error::TextEncoding { path: path.to_path_buf(), encoding: encoding.name(), offset: read as u64 });
    }
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')).count();
    if controls > 0 && controls * 200 > text.chars().count().max(1) {
        return Err(not_text("binary"));
    }
    Ok(TextKind { encoding, delimiter: sniff_delimiter(&text) })
}

/// The delimiter that occurs most often outside quotes in the first non-empty line.
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b'\t', 0usize), (b',', 0), (b';', 0)];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => counts[0].1 += 1,
            ',' if !quoted => counts[1].1 += 1,
            ';' if !quoted => counts[2].1 += 1,
            _ => {}
        }
    }
    // Ties go to tab, then comma (a semicolon is the rarest choice).
    let best = counts.iter().fold((b',', 0usize), |acc, &(d, n)| if n > acc.1 { (d, n) } else { acc });
    best.0
}

/// Where decoding failed, carried through `io::Error` out of the `csv` reader.
#[derive(Debug)]
enum DecodeFailure {
    Malformed {
        offset: u64,
    },
    /// A record longer than [`MAX_RECORD_BYTES`] or with more than [`MAX_FIELDS`] fields.
    RecordTooLarge {
        line: u64,
    },
}

impl std::fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeFailure::Malformed { offset } => write!(f, "malformed text at byte {offset}"),
            DecodeFailure::RecordTooLarge { line } => write!(f, "record too large at line {line}"),
        }
    }
}

impl std::error::Error for DecodeFailure {}

/// The `csv` reader holds a whole record (its bytes, and the end of every field) before it hands
/// it over, so what one record may take is bounded here, before the bytes reach it: a file of
/// nothing but separators, or an opening quote never closed, would otherwise grow it without end.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;
/// Excel's own column limit.
pub const MAX_FIELDS: u32 = 16_384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldState {
    /// At the start of a field.
    Start,
    /// In an unquoted field (a quote there is just a character, as for `csv`).
    Plain,
    Quoted,
    /// A quote inside a quoted field: the end of it, or the first half of `""`.
    QuoteInQuoted,
}

/// Follows the records as the `csv` reader will see them (same quoting rules, with `\r` and `\n`
/// both ending a record) to measure each one.
#[derive(Debug)]
struct RecordMeter {
    delimiter: u8,
    state: FieldState,
    in_record: bool,
    fields: u32,
    bytes: u64,
    /// Line breaks seen so far, and the line the current record began on.
    lines: u64,
    record_line: u64,
}

impl RecordMeter {
    fn new(delimiter: u8) -> Self {
        RecordMeter {
            delimiter,
            state: FieldState::Start,
            in_record: false,
            fields: 1,
            bytes: 0,
            lines: 0,
            record_line: 1,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), DecodeFailure> {
        for &b in bytes {
            let newline = b == b'\n' || b == b'\r';
            if !self.in_record {
                if newline {
                    self.lines += u64::from(b == b'\n');
                    continue;
                }
                self.in_record = true;
                self.record_line = self.lines + 1;
            }
            self.bytes += 1;
            let ends_field = |s: &mut Self| {
                s.fields += 1;
                s.state = FieldState::Start;
            };
            match self.state {
                FieldState::Quoted if b == b'"' => self.state = FieldState::QuoteInQuoted,
                FieldState::Quoted => {}
                FieldState::QuoteInQuoted if b == b'"' => self.state = FieldState::Quoted,
                FieldState::Start if b == b'"' => self.state = FieldState::Quoted,
                _ if b == self.delimiter => ends_field(self),
                _ if newline => {
                    self.in_record = false;
                    self.state = FieldState::Start;
                    self.fields = 1;
                    self.bytes = 0;
                }
                _ => self.state = FieldState::Plain,
            }
            if b == b'\n' {
                self.lines += 1;
            }
            if self.bytes > MAX_RECORD_BYTES || self.fields > MAX_FIELDS {
                return Err(DecodeFailure::RecordTooLarge { line: self.record_line });
            }
        }
        Ok(())
    }
}

/// A reader that turns the file's bytes into UTF-8 as they are read, refusing malformed input
/// instead of replacing it (nothing is silently changed), and records too large to hold.
struct Decoding<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    inbuf: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    outbuf: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    consumed: u64,
    eof: bool,
    done: bool,
    pending_cr: bool,
    /// The last byte handed out (0 before the first).
    last_byte: u8,
    meter: RecordMeter,
}

impl<R: Read> Decoding<R> {
    fn new(inner: R, encoding: &'static Encoding, delimiter: u8) -> Self {
        Decoding {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            inbuf: vec![0; 64 * 1024],
            in_pos: 0,
            in_len: 0,
            outbuf: vec![0; 3 * 64 * 1024 + 64],
            out_pos: 0,
            out_len: 0,
            consumed: 0,
            eof: false,
            done: false,
            pending_cr: false,
            last_byte: 0,
            meter: RecordMeter::new(delimiter),
        }
    }
}

impl<R: Read> Decoding<R> {
    /// Turns CRLF into LF in the `written` bytes after byte 0 (holding back a CR that ends the
    /// chunk), so the `csv` reader counts lines alike for Windows and Unix files. Returns the new
    /// length, starting at byte 0.
    fn crlf_to_lf(&mut self, written: usize, last: bool) -> usize {
        let mut start = 1;
        if self.pending_cr {
            if written > 0 && self.outbuf[1] == b'\n' {
                // The held-back CR was half of a CRLF: drop it.
            } else {
                self.outbuf[0] = b'\r';
                start = 0;
            }
            self.pending_cr = false;
        }
        let end = written + 1;
        let mut w = 0;
        let mut i = start;
        while i < end {
            let b = self.outbuf[i];
            if b == b'\r' {
                if i + 1 < end {
                    if self.outbuf[i + 1] == b'\n' {
                        i += 1;
                        continue;
                    }
                } else if !last {
                    self.pending_cr = true;
                    i += 1;
                    continue;
                }
            }
            self.outbuf[w] = b;
            w += 1;
            i += 1;
        }
        w
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out_len {
                let n = out.len().min(self.out_len - self.out_pos);
                out[..n].copy_from_slice(&self.outbuf[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                return Ok(n);
            }
            if self.done || out.is_empty() {
                return Ok(0);
            }
            if self.in_pos == self.in_len && !self.eof {
                self.in_len = self.inner.read(&mut self.inbuf)?;
                self.in_pos = 0;
                self.eof = self.in_len == 0;
            }
            // Byte 0 is kept free for a CR held back from the previous chunk.
            let (res, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.inbuf[self.in_pos..self.in_len],
                &mut self.outbuf[1..],
                self.eof,
            );
            self.in_pos += read;
            self.consumed += read as u64;
            let last = self.eof && matches!(res, DecoderResult::InputEmpty);
            self.out_pos = 0;
            self.out_len = self.crlf_to_lf(written, last);
            if self.out_len > 0 {
                self.last_byte = self.outbuf[self.out_len - 1];
            }
            // Every record ends with a line break, so line numbers are counted alike for all.
            if last && self.last_byte != b'\n' && self.last_byte != 0 {
                self.outbuf[self.out_len] = b'\n';
                self.out_len += 1;
                self.last_byte = b'\n';
            }
            self.meter.feed(&self.outbuf[..self.out_len]).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            match res {
                DecoderResult::InputEmpty if self.eof => self.done = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, _) => {
                    let offset = self.consumed.saturating_sub(u64::from(bad));
                    return Err(io::Error::new(io::ErrorKind::InvalidData, DecodeFailure::Malformed { offset }));
                }
            }
        }
    }
}

/// Reads every record of the file and hands it to `f` (which may stop early by returning
/// `Ok(false)`). Lines are those of the file, so a quoted field with line breaks moves them on.
pub fn for_each_row(path: &Path, kind: TextKind, mut f: impl FnMut(RawRow) -> Result<bool>) -> Result<()> {
    let file = BufReader::with_capacity(64 * 1024, File::open(path)?);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(kind.delimiter)
        .from_reader(Decoding::new(file, kind.encoding, kind.delimiter));
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(csv_error(path, kind, e)),
        }
        // The reader's position is where reading began (before skipped blank lines); the line a
        // record starts on is counted back from where it ended: its own line breaks, and the one
        // that ended it (the decoder makes sure the last record has one too).
        let embedded = rec.iter().map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64).sum::<u64>();
        let line = rdr.position().line().saturating_sub(embedded + 1).max(1);
        // Cells that an export protected against running as formulas get their value back.
        let cells = rec
            .iter()
            .map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(csv_value(s).to_string()) })
            .collect();
        if !f(RawRow { line, cells })? {
            return Ok(());
        }
    }
}

fn csv_error(path: &Path, kind: TextKind, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            match io.get_ref().and_then(|i| i.downcast_ref::<DecodeFailure>()) {
                Some(DecodeFailure::Malformed { offset }) => {
                    return Error::TextEncoding {
                        path: path.to_path_buf(),
                        encoding: kind.encoding.name(),
                        offset: *offset,
                    }
                }
                Some(DecodeFailure::RecordTooLarge { line }) => {
                    return Error::RecordTooLarge { path: path.to_path_buf(), line: *line }
                }
                None => {}
            }
            Error::Io(io)
        }
        other => Error::SpreadsheetDamaged { path: path.to_path_buf(), detail: format!("{other:?}") },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(bytes: &[u8]) -> Result<(TextKind, Vec<RawRow>)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, bytes).unwrap();
        let kind = sniff(&p)?;
        let mut v = Vec::new();
        for_each_row(&p, kind, |r| {
            v.push(r);
            Ok(true)
        })?;
        Ok((kind, v))
    }

    fn texts(r: &RawRow) -> Vec<String> {
        r.cells.iter().map(Cell::display).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (k, rows) = rows_of("\u{FEFF}序列号,门店\nPAX1,朝阳店\n".as_bytes()).unwrap();
        assert_eq!(k.encoding, UTF_8);
        assert_eq!(texts(&rows[0]), ["序列号", "门店"]);
        let (_, rows) = rows_of("序列号,门店\r\nPAX1,朝阳店\r\n\r\nPAX2,\"a\r\nb\"\r\nPAX3,x".as_bytes()).unwrap();
        assert_eq!(texts(&rows[1]), ["PAX1", "朝阳店"]);
        assert_eq!(rows[1].line, 2);
        assert_eq!(texts(&rows[2]), ["PAX2", "a\nb"]);
        assert_eq!(rows[2].line, 4);
        assert_eq!(rows[3].line, 6);
    }

    #[test]
    fn crlf_split_between_chunks() {
        // The CR is the last byte of the first 64 KiB read, its LF the first of the next.
        let long = "a".repeat(65531);
        let text = format!("sn\r\n{long}\r\nb\r\n");
        assert_eq!(text.as_bytes()[65535], b'\r');
        let (_, rows) = rows_of(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[1]), [long]);
        assert_eq!((rows[1].line, rows[2].line), (2, 3));
        let many: String = (0..30_000).map(|i| format!("S{i},v\r\n")).collect();
        let (_, rows) = rows_of(many.as_bytes()).unwrap();
        assert!(rows
            .iter()
            .enumerate()
            .all(|(i, r)| r.line == i as u64 + 1 && texts(r) == [format!("S{i}"), "v".into()]));
    }

    #[test]
    fn gb18030_and_utf16() {
        let (gb, _, _) = GB18030.encode("序列号,门店\nPAX1,朝阳店\n");
        let (k, rows) = rows_of(&gb).unwrap();
        assert_eq!(k.encoding, GB18030);
        assert_eq!(texts(&rows[1]), ["PAX1", "朝阳店"]);
        let mut u16 = vec![0xFF, 0xFE];
        for c in "序列号\t门店\r\nPAX1\t朝阳店\r\n".encode_utf16() {
            u16.extend_from_slice(&c.to_le_bytes());
        }
        let (k, rows) = rows_of(&u16).unwrap();
        assert_eq!(k.delimiter, b'\t');
        assert_eq!(texts(&rows[1]), ["PAX1", "朝阳店"]);
    }

    #[test]
    fn quoted_fields_keep_line_breaks_and_lines_count_on() {
        let (_, rows) = rows_of("sn,notes\nA,\"two\nlines, and \"\"quotes\"\"\"\nB,x\n".as_bytes()).unwrap();
        assert_eq!(texts(&rows[1]), ["A", "two\nlines, and \"quotes\""]);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn garbage_is_refused() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let e = rows_of(&bytes).unwrap_err();
        assert_eq!(e.code(), "not_a_spreadsheet");
        // Valid UTF-8 at first, then a byte that is not: refused, not replaced.
        let mut b = "sn\n".repeat(30_000).into_bytes();
        b.extend_from_slice(b"\xff\xfe\xfd\n");
        assert_eq!(rows_of(&b).unwrap_err().code(), "text_encoding");
    }

    #[test]
    fn records_too_large_are_refused_with_their_line() {
        let e = rows_of(&[b"sn\n".to_vec(), b",".repeat(20_000)].concat()).unwrap_err();
        assert!(matches!(e, Error::RecordTooLarge { line: 2, .. }), "{e:?}");
        let e = rows_of(&[b"sn\nA\n\n\"".to_vec(), b"x\n".repeat(600_000)].concat()).unwrap_err();
        assert!(matches!(e, Error::RecordTooLarge { line: 4, .. }), "{e:?}");
        // Just inside both limits: read.
        let wide = [b"sn".to_vec(), b",".repeat(MAX_FIELDS as usize - 1), b"\n".to_vec()].concat();
        assert_eq!(rows_of(&wide).unwrap().1[0].cells.len(), MAX_FIELDS as usize);
        let long = format!("sn\n\"{}\"\n", "a\"\"b,\n".repeat(100_000));
        assert_eq!(rows_of(long.as_bytes()).unwrap().1.len(), 2);
    }

    #[test]
    fn neutralised_formulas_read_back_exactly() {
        use crate::files::export::csv_cell;
        for v in [
            "=HYPERLINK(\"x\")",
            "+cmd",
            "-备注",
            "@x",
            "\tx",
            "\rx",
            "'=x",
            "''+y",
            "'",
            "''",
            "'a",
            "-5",
            "plain",
            "",
        ] {
            let cell = csv_cell(v);
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{v:?} -> {cell:?}");
            assert_eq!(csv_value(&cell), v, "{v:?} -> {cell:?}");
        }
        let (_, rows) = rows_of("sn,notes\nA,'=1+2\nB,''-x\nC,'plain\n".as_bytes()).unwrap();
        let notes: Vec<String> = rows[1..].iter().map(|r| r.cells[1].display()).collect();
        assert_eq!(notes, ["=1+2", "'-x", "'plain"]);
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a,b;c,d"), b',');
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("\"a,b\"\tc"), b'\t');
        assert_eq!(sniff_delimiter("sn"), b',');
    }
}
