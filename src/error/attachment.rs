//! Why a file could not be attached (SPEC §2 attachments): each reason has its own code, and the
//! message names the file and what to do (save it as JPG or PDF, send a smaller one).

use super::shown;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AttachmentProblem {
    /// The file holds nothing.
    Empty { name: String },
    /// The file is over the limit (bytes).
    TooBig {
        name: String,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        size: u64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        max: u64,
    },
    /// Not a JPEG, PNG or PDF; `seen`: what it looks like, when known (HEIC, WebP, a program…).
    Unsupported { name: String, seen: Option<String> },
    /// The name's extension says one thing and the bytes another (`actual`: a kind's code, or what
    /// it looks like, or `unknown`).
    LyingName { name: String, claimed: String, actual: String },
    /// An image its own format's reader cannot read.
    Damaged { name: String },
    /// An image too large to make a thumbnail of (width × height).
    TooManyPixels { name: String, width: u32, height: u32 },
}

impl AttachmentProblem {
    pub fn code(&self) -> &'static str {
        match self {
            AttachmentProblem::Empty { .. } => "attachment_empty",
            AttachmentProblem::TooBig { .. } => "attachment_too_big",
            AttachmentProblem::Unsupported { .. } => "attachment_unsupported",
            AttachmentProblem::LyingName { .. } => "attachment_lying_name",
            AttachmentProblem::Damaged { .. } => "attachment_damaged",
            AttachmentProblem::TooManyPixels { .. } => "attachment_too_many_pixels",
        }
    }

    pub(super) fn en(&self) -> String {
        match self {
            AttachmentProblem::Empty { name } => format!("'{}' is empty", shown(name)),
            AttachmentProblem::TooBig { name, size, max } => {
                format!("'{}' is {} — files of at most {} can be attached", shown(name), mb(*size), mb(*max))
            }
            AttachmentProblem::Unsupported { name, seen } => format!(
                "'{}' is {}: attach a photo or scan as JPG or PNG, or a PDF",
                shown(name),
                seen.as_deref().map(seen_en).unwrap_or("not an image or PDF")
            ),
            AttachmentProblem::LyingName { name, claimed, actual } => format!(
                "'{}' is named .{} but holds {}: refused, as a renamed file may not be what it seems",
                shown(name),
                shown(claimed),
                actual_en(actual)
            ),
            AttachmentProblem::Damaged { name } => format!("'{}' is damaged: the image cannot be read", shown(name)),
            AttachmentProblem::TooManyPixels { name, width, height } => {
                format!("'{}' is {width}×{height} pixels, more than can be shown: save it smaller", shown(name))
            }
        }
    }

    pub(super) fn zh(&self) -> String {
        match self {
            AttachmentProblem::Empty { name } => format!("“{}”是空文件", shown(name)),
            AttachmentProblem::TooBig { name, size, max } => {
                format!("“{}”有 {}，附件最大 {}", shown(name), mb(*size), mb(*max))
            }
            AttachmentProblem::Unsupported { name, seen } => format!(
                "“{}”{}：照片和扫描件请存成 JPG 或 PNG，文件请存成 PDF",
                shown(name),
                seen.as_deref().map(seen_zh).unwrap_or("不是图片或 PDF".into())
            ),
            AttachmentProblem::LyingName { name, claimed, actual } => format!(
                "“{}”的扩展名是 .{}，实际内容{}：改过名的文件可能不安全，已拒绝",
                shown(name),
                shown(claimed),
                actual_zh(actual)
            ),
            AttachmentProblem::Damaged { name } => format!("“{}”已损坏，图片读不出来", shown(name)),
            AttachmentProblem::TooManyPixels { name, width, height } => {
                format!("“{}”有 {width}×{height} 像素，太大无法显示，请缩小后再添加", shown(name))
            }
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn seen_en(seen: &str) -> &'static str {
    match seen {
        "HEIC" => "a HEIC photo (an iPhone's format; choose 'Most Compatible' or share it as JPEG)",
        "WebP" => "a WebP image",
        "GIF" => "a GIF image",
        "BMP" => "a BMP image",
        "TIFF" => "a TIFF image",
        "ZIP/Office" => "a ZIP or Office file (save a Word or Excel file as PDF)",
        "program" => "a program",
        _ => "not an image or PDF",
    }
}

fn seen_zh(seen: &str) -> String {
    match seen {
        "HEIC" => "是 HEIC 照片（苹果手机的格式：相机设置里选“兼容性最佳”，或以 JPG 发送）",
        "WebP" => "是 WebP 图片",
        "GIF" => "是 GIF 动图",
        "BMP" => "是 BMP 图片",
        "TIFF" => "是 TIFF 图片",
        "ZIP/Office" => "是压缩包或 Office 文件（Word、Excel 文件请另存为 PDF）",
        "program" => "是一个程序",
        _ => "不是图片或 PDF",
    }
    .to_string()
}

fn actual_en(actual: &str) -> &'static str {
    match actual {
        "jpeg" => "a JPEG image",
        "png" => "a PNG image",
        "pdf" => "a PDF",
        "unknown" => "neither an image nor a PDF",
        other => seen_en(other),
    }
}

fn actual_zh(actual: &str) -> String {
    match actual {
        "jpeg" => "是 JPEG 图片".into(),
        "png" => "是 PNG 图片".into(),
        "pdf" => "是 PDF 文件".into(),
        "unknown" => "既不是图片也不是 PDF".into(),
        other => seen_zh(other),
    }
}
