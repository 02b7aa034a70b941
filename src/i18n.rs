//! The three languages PosKeeper speaks. The core only needs them for messages and reminder titles;
//! the UI carries its own translations keyed by error code.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Parses a setting or locale name: `zh-CN`, `zh_TW.UTF-8`, `zh_HK`, `en_US`, `C` …
    pub fn from_locale(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if s.starts_with("zh-tw") || s.starts_with("zh-hk") || s.starts_with("zh-mo") || s.starts_with("zh-hant") {
            Some(Lang::ZhTw)
        } else if s.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if s.starts_with("en") || s == "c" || s.starts_with("c.") || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the environment, as a command-line tool sees it: Chinese when the locale
    /// starts with `zh`, English otherwise.
    pub fn from_env() -> Lang {
        Lang::from_os().unwrap_or(Lang::En)
    }

    /// The user's language as the OS names it, if it is one of ours. On Windows it is the
    /// user's display language (`GetUserPreferredUILanguages`), since Windows sets no `LANG`;
    /// elsewhere `LC_ALL`, `LC_MESSAGES`, then `LANG`, the first one set (`C`/`POSIX` and
    /// unknown locales give `None`).
    pub fn from_os() -> Option<Lang> {
        #[cfg(windows)]
        {
            sys_locale::get_locale().and_then(|l| Lang::from_locale(&l))
        }
        #[cfg(not(windows))]
        {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .filter(|v| {
                    let l = v.to_ascii_lowercase();
                    l != "c" && !l.starts_with("c.") && l != "posix"
                })
                .and_then(|v| Lang::from_locale(&v))
        }
    }

    pub fn is_chinese(self) -> bool {
        !matches!(self, Lang::En)
    }

    /// Picks one of three texts.
    pub fn pick<'a>(self, zh_cn: &'a str, zh_tw: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh_cn,
            Lang::ZhTw => zh_tw,
            Lang::En => en,
        }
    }
}
