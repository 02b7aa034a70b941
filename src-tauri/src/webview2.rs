//! Windows: the window is drawn by Microsoft's WebView2 runtime, which Windows 11 and an updated
//! Windows 10 carry but an old Windows 10 may lack. Without it no window can open, so the app
//! says what to install and where, in a message box, instead of failing inside Tauri's setup.

use poskeeper::i18n::Lang;

/// Where Microsoft offers the runtime (the Evergreen bootstrapper, a small download).
pub const DOWNLOAD_PAGE: &str = "https://developer.microsoft.com/microsoft-edge/webview2/";
pub const BOOTSTRAPPER: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

/// The title and text of the message, in `lang`; `detail` is what the runtime's loader said.
pub fn missing_message(lang: Lang, detail: &str) -> (&'static str, String) {
    match lang {
        Lang::En => (
            "PosKeeper cannot open its window",
            format!(
                "PosKeeper needs the Microsoft Edge WebView2 Runtime, which is not installed on this PC.\n\n\
                 Install the \"Evergreen Bootstrapper\" from\n{DOWNLOAD_PAGE}\n(direct download: {BOOTSTRAPPER}),\n\
                 then start PosKeeper again. Your data is safe and unchanged.\n\n({detail})"
            ),
        ),
        Lang::ZhTw => (
            "POS管家 無法開啟視窗",
            format!(
                "POS管家 需要 Microsoft Edge WebView2 執行階段，這台電腦上沒有安裝。\n\n\
                 請到\n{DOWNLOAD_PAGE}\n下載並安裝「常青版引導程式」（Evergreen Bootstrapper，直接下載：{BOOTSTRAPPER}），\
                 然後重新開啟 POS管家。你的資料沒有任何變動。\n\n（{detail}）"
            ),
        ),
        Lang::ZhCn => (
            "POS管家 无法打开窗口",
            format!(
                "POS管家 需要 Microsoft Edge WebView2 运行时，这台电脑上没有安装。\n\n\
                 请到\n{DOWNLOAD_PAGE}\n下载并安装“常青版引导程序”（Evergreen Bootstrapper，直接下载：{BOOTSTRAPPER}），\
                 然后重新打开 POS管家。你的数据没有任何改动。\n\n（{detail}）"
            ),
        ),
    }
}

/// `Ok(version)` when the runtime is there; otherwise tells the user (message box and stderr)
/// and returns the loader's own error (wry's, which the shell does not name).
#[cfg(windows)]
pub fn ensure_runtime() -> Result<String, impl std::error::Error> {
    match tauri::webview_version() {
        Ok(v) => Ok(v),
        Err(e) => {
            // Chinese unless the OS says English or Traditional Chinese.
            let (title, text) = missing_message(Lang::from_os().unwrap_or_default(), &e.to_string());
            eprintln!("{title}\n{text}");
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title(title)
                .set_description(text)
                .set_buttons(rfd::MessageButtons::Ok)
                .show();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_where_to_get_the_runtime_and_what_went_wrong() {
        for lang in [Lang::ZhCn, Lang::ZhTw, Lang::En] {
            let (title, text) = missing_message(lang, "loader: 0x80070002");
            assert!(title.contains(if lang == Lang::En { "PosKeeper" } else { "POS管家" }), "{title}");
            assert!(text.contains(DOWNLOAD_PAGE) && text.contains(BOOTSTRAPPER), "{text}");
            assert!(text.contains("WebView2") && text.contains("loader: 0x80070002"), "{text}");
        }
        assert!(missing_message(Lang::ZhCn, "").1.contains("没有安装"));
    }
}
