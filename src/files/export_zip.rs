//! The JSON export with its attachments (SPEC §2, issue 12): one .zip holding `poskeeper.json`
//! (the JSON export, each attachment listed with its `file` in the archive) and every attachment
//! under `attachments/ID-NAME`, written through a temporary file like every export. Photos are
//! stored as they are (already compressed); PDFs are deflated.

use super::export::{write_atomically, write_json, Exported};
use crate::domain::attachment::Attachment;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The path of an attachment inside the archive: its ID keeps two files of the same name apart.
pub fn file_in_zip(a: &Attachment) -> String {
    format!("attachments/{}-{}", a.id, a.file_name())
}

pub fn export_zip(store: &Store, out: &Path, as_of: Option<NaiveDate>) -> Result<Exported> {
    let zip_err = |e: zip::result::ZipError| Error::Io(std::io::Error::other(e));
    let mut items = 0u64;
    write_atomically(store.path(), out, |tmp| {
        let file = std::fs::OpenOptions::new().write(true).truncate(true).open(tmp)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(256 * 1024, file));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
        zip.start_file("poskeeper.json", deflated).map_err(zip_err)?;
        items = write_json(store, &mut zip, as_of, Some(&file_in_zip))?;
        for a in store.all_attachments()? {
            let method = if a.kind.is_image() { CompressionMethod::Stored } else { CompressionMethod::Deflated };
            zip.start_file(file_in_zip(&a), SimpleFileOptions::default().compression_method(method))
                .map_err(zip_err)?;
            let (_, data) = store.attachment_data(a.id)?;
            zip.write_all(&data)?;
        }
        let w = zip.finish().map_err(zip_err)?;
        w.into_inner().map_err(|e| Error::Io(e.into_error()))?.sync_all()?;
        Ok(())
    })?;
    Ok(Exported { items })
}
