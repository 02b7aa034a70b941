//! Files to attach (SPEC §2): read from disk with the size checked before a byte is read, checked by
//! their bytes (`domain::attachment`), a thumbnail made of each photo or scan, photos downsized on
//! request.
//!
//! Images come from anywhere (a phone, a chat app, a crafted file), so the decoder is guarded
//! before it runs: at most 20,000 pixels a side and 512 MB of pixels (a 48-megapixel phone photo
//! needs 144 MB), and a panic inside it is caught and reported as a damaged image.

pub use crate::domain::attachment::Prepared;
use crate::domain::attachment::{check_file, clean_name, MAX_BYTES};
use crate::domain::FileKind;
use crate::error::{AttachmentProblem, Error, Result};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::{Cursor, Read};
use std::path::Path;

/// Thumbnails fit in this square (pixels): sharp at twice the size the window shows them.
pub const THUMB_PX: u32 = 240;
/// A photo downsized on request fits in this square: still legible when printed on A4.
pub const DOWNSIZE_PX: u32 = 2560;
const MAX_SIDE: u32 = 20_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// Reads a file to attach: its name (without the folder) and bytes. A file over the limit is
/// refused from its size alone, and at most one byte more than the limit is ever read.
pub fn read(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = std::fs::File::open(path).map_err(|e| Error::reading(path, e))?;
    let size = file.metadata()?.len();
    if size > MAX_BYTES {
        return Err(Error::Attachment(AttachmentProblem::TooBig { name, size, max: MAX_BYTES }));
    }
    let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_BYTES + 1).read_to_end(&mut data)?;
    Ok((name, data))
}

/// Checks a file and makes what is kept of it: the cleaned name, the bytes (downsized when asked
/// and smaller that way), a thumbnail of an image.
pub fn prepare(name: &str, data: Vec<u8>, downsize: bool) -> Result<Prepared> {
    let kind = check_file(name, data.len() as u64, &data[..data.len().min(1024)]).map_err(Error::Attachment)?;
    let clean = clean_name(name, kind);
    if !kind.is_image() {
        return Ok(Prepared { name: clean, kind, data, thumb: None, downsized: false });
    }
    let img = decode(&clean, &data, kind)?;
    let thumb = Some(jpeg(&img.thumbnail(THUMB_PX, THUMB_PX), 80, &clean)?);
    if downsize && img.width().max(img.height()) > DOWNSIZE_PX {
        let small = img.resize(DOWNSIZE_PX, DOWNSIZE_PX, image::imageops::FilterType::Triangle);
        let bytes = match kind {
            FileKind::Png => png(&small, &clean)?,
            _ => jpeg(&small, 85, &clean)?,
        };
        if bytes.len() < data.len() {
            return Ok(Prepared { name: clean, kind, data: bytes, thumb, downsized: true });
        }
    }
    Ok(Prepared { name: clean, kind, data, thumb, downsized: false })
}

/// Writes attachment `id` to `out` (through a temporary file; never over the database or a
/// backup, as every export).
pub fn save(store: &crate::Store, id: i64, out: &Path) -> Result<crate::domain::attachment::Attachment> {
    let (a, data) = store.attachment_data(id)?;
    crate::files::export::write_atomically(store.path(), out, |tmp| {
        let mut f = std::fs::OpenOptions::new().write(true).truncate(true).open(tmp)?;
        std::io::Write::write_all(&mut f, &data)?;
        f.sync_all()?;
        Ok(())
    })?;
    Ok(a)
}

/// Decodes an image under the limits, turned upright as its EXIF orientation says (phone photos).
fn decode(name: &str, data: &[u8], kind: FileKind) -> Result<DynamicImage> {
    let damaged = || Error::Attachment(AttachmentProblem::Damaged { name: name.to_string() });
    let format = if kind == FileKind::Png { ImageFormat::Png } else { ImageFormat::Jpeg };
    let run = || -> Result<DynamicImage> {
        // The header alone first: a file that claims too many pixels is refused with its size.
        let (width, height) =
            ImageReader::with_format(Cursor::new(data), format).into_dimensions().map_err(|_| damaged())?;
        if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) * 4 > MAX_ALLOC {
            return Err(Error::Attachment(AttachmentProblem::TooManyPixels { name: name.to_string(), width, height }));
        }
        let mut reader = ImageReader::with_format(Cursor::new(data), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        reader.limits(limits);
        let mut decoder = reader.into_decoder().map_err(|e| problem(e, name, None))?;
        let dims = decoder.dimensions();
        let orientation = decoder.orientation().ok();
        let mut img = DynamicImage::from_decoder(decoder).map_err(|e| problem(e, name, Some(dims)))?;
        if let Some(o) = orientation {
            img.apply_orientation(o);
        }
        Ok(img)
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| Err(damaged()))
}

fn problem(e: image::ImageError, name: &str, dims: Option<(u32, u32)>) -> Error {
    let name = name.to_string();
    match (e, dims) {
        (image::ImageError::Limits(_), Some((width, height))) => {
            Error::Attachment(AttachmentProblem::TooManyPixels { name, width, height })
        }
        (image::ImageError::Limits(_), None) => {
            Error::Attachment(AttachmentProblem::TooManyPixels { name, width: 0, height: 0 })
        }
        _ => Error::Attachment(AttachmentProblem::Damaged { name }),
    }
}

/// JPEG at `quality`, transparent parts on white (a scan saved with transparency stays legible).
fn jpeg(img: &DynamicImage, quality: u8, name: &str) -> Result<Vec<u8>> {
    let rgb = if img.color().has_alpha() {
        let mut rgba = img.to_rgba8();
        for p in rgba.pixels_mut() {
            let a = u16::from(p[3]);
            for c in 0..3 {
                p[c] = ((u16::from(p[c]) * a + 255 * (255 - a)) / 255) as u8;
            }
        }
        DynamicImage::ImageRgba8(rgba).to_rgb8()
    } else {
        img.to_rgb8()
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|_| Error::Attachment(AttachmentProblem::Damaged { name: name.to_string() }))?;
    Ok(out)
}

fn png(img: &DynamicImage, name: &str) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .map_err(|_| Error::Attachment(AttachmentProblem::Damaged { name: name.to_string() }))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        // Noise, as a camera's sensor gives: a photo that compresses like a real one.
        let mut seed = 0x2545_f491_u32;
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let n = (seed >> 24) as u8 / 4;
            image::Rgb([(x % 190) as u8 + n, (y % 190) as u8 + n, 100 + n])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_image_gets_a_thumbnail_and_is_downsized_only_when_asked() {
        let big = photo(3000, 1500, ImageFormat::Jpeg);
        let kept = prepare("保修卡.jpg", big.clone(), false).unwrap();
        assert_eq!((kept.kind, kept.downsized, kept.data.len()), (FileKind::Jpeg, false, big.len()));
        let thumb = image::load_from_memory(kept.thumb.as_deref().unwrap()).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (240, 120));
        let small = prepare("保修卡.jpg", big.clone(), true).unwrap();
        assert!(small.downsized && small.data.len() < big.len());
        let img = image::load_from_memory(&small.data).unwrap();
        assert_eq!((img.width(), img.height()), (2560, 1280));
        // Already small: kept as it is.
        let png = photo(800, 600, ImageFormat::Png);
        let kept = prepare("scan.png", png.clone(), true).unwrap();
        assert_eq!((kept.downsized, kept.data), (false, png));
    }

    #[test]
    fn damaged_and_huge_images_are_refused_without_decoding_them() {
        let mut cut = photo(400, 300, ImageFormat::Png);
        cut.truncate(cut.len() / 2);
        assert_eq!(prepare("cut.png", cut, false).unwrap_err().code(), "attachment_damaged");
        // A PNG header that claims 60,000 × 60,000 pixels (10 GB of them), in 100 bytes.
        let mut bomb = photo(1, 1, ImageFormat::Png);
        bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let e = prepare("bomb.png", bomb, false).unwrap_err();
        assert!(matches!(e.code(), "attachment_too_many_pixels" | "attachment_damaged"), "{e:?}");
        // (tests/attachments.rs mends the header's checksum and sees the size refused.)
        let mut jpeg_garbage = vec![0xFF, 0xD8, 0xFF, 0xE0];
        jpeg_garbage.extend(std::iter::repeat_n(0xAB, 5000));
        assert_eq!(prepare("x.jpg", jpeg_garbage, false).unwrap_err().code(), "attachment_damaged");
    }

    #[test]
    fn a_pdf_is_kept_as_it_is() {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        let kept = prepare("发票.pdf", pdf.clone(), true).unwrap();
        assert_eq!((kept.kind, kept.thumb, kept.data), (FileKind::Pdf, None, pdf));
    }
}
