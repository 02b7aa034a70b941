//! The language the app speaks: the stored setting, else the OS's. Its own module, since the
//! notifier, the phone push round and the commands all ask it (the push round is started by the
//! notifier, so it cannot ask the notifier).

use poskeeper::i18n::Lang;

/// The effective UI language: the stored setting, else the OS locale, else zh-CN.
pub fn effective_lang(store: &poskeeper::Store, settings: &poskeeper::domain::Settings) -> poskeeper::Result<Lang> {
    let stored = store.setting_is_stored("language")?;
    Ok(if stored { settings.language } else { os_lang().unwrap_or(settings.language) })
}

/// The language of the desktop session, if it names one (not `C`/`POSIX`): on Windows the
/// user's display language, elsewhere `LC_ALL`/`LC_MESSAGES`/`LANG` ([`Lang::from_os`]).
pub fn os_lang() -> Option<Lang> {
    Lang::from_os()
}
