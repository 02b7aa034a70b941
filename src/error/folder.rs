//! Why a folder cannot take a backup: the chosen backup folder (a USB stick pulled out, a NAS
//! share gone, a read-only card) or the default one (a full disk). Each has its own code, so the
//! UI says which in the user's words.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FolderProblem {
    /// Not there (a USB stick pulled out, a network share not mounted).
    Missing,
    /// The path is a file, not a folder.
    NotAFolder,
    /// No file can be written in it (permissions, a read-only medium, an I/O error).
    NotWritable,
    /// The disk is full.
    Full,
}

impl FolderProblem {
    pub fn code(self) -> &'static str {
        match self {
            FolderProblem::Missing => "backup_folder_missing",
            FolderProblem::NotAFolder => "backup_folder_not_folder",
            FolderProblem::NotWritable => "backup_folder_not_writable",
            FolderProblem::Full => "backup_folder_full",
        }
    }

    pub(super) fn en(self) -> &'static str {
        match self {
            FolderProblem::Missing => "is not there (a USB stick pulled out, a network folder not connected?)",
            FolderProblem::NotAFolder => "is a file, not a folder",
            FolderProblem::NotWritable => "cannot be written to (no permission, or a read-only disk)",
            FolderProblem::Full => "is on a full disk",
        }
    }

    pub(super) fn zh(self) -> &'static str {
        match self {
            FolderProblem::Missing => "找不到（U 盘拔出了，或网络文件夹没有连上？）",
            FolderProblem::NotAFolder => "是一个文件，不是文件夹",
            FolderProblem::NotWritable => "无法写入（没有权限，或是只读的盘）",
            FolderProblem::Full => "所在的磁盘已满",
        }
    }

    /// The problem an I/O error writing into a folder shows, if it is one of these.
    pub fn of_io(e: &std::io::Error) -> Option<FolderProblem> {
        use std::io::ErrorKind as K;
        // ENOSPC/EDQUOT on Unix, ERROR_DISK_FULL/ERROR_HANDLE_DISK_FULL on Windows.
        let full_codes: &[i32] = if cfg!(windows) { &[39, 112] } else { &[28, 122] };
        if e.raw_os_error().is_some_and(|c| full_codes.contains(&c)) {
            return Some(FolderProblem::Full);
        }
        match e.kind() {
            K::StorageFull | K::QuotaExceeded => Some(FolderProblem::Full),
            K::NotFound => Some(FolderProblem::Missing),
            K::NotADirectory => Some(FolderProblem::NotAFolder),
            K::PermissionDenied | K::ReadOnlyFilesystem => Some(FolderProblem::NotWritable),
            _ => None,
        }
    }
}
