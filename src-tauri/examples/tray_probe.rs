//! A desktop panel's tray host in miniature, for the end-to-end tests. It owns the
//! `org.kde.StatusNotifierWatcher` name on the session bus, so the app's tray icon
//! (libayatana-appindicator) registers with it, and it reads and clicks the icon's menu over
//! `com.canonical.dbusmenu` exactly as a panel does. Driven by lines on stdin; answers one JSON
//! line each:
//!
//! - at start: `{"ready":true}` once it owns the name; later `{"registered":"<bus name> <path>"}`
//! - `layout`: `{"items":[{"id":1,"label":"打开 POS管家","enabled":true},…]}` (separators left out)
//! - `click ID`: `{"ok":true}` after the menu item's "clicked" event was delivered
//!
//! Errors answer `{"error":"…"}`; the probe keeps running until stdin closes.

use serde_json::{json, Value as Json};
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The item that registered: its bus name and object path.
#[derive(Default, Clone)]
struct Registered(Arc<Mutex<Option<(String, String)>>>);

impl Registered {
    fn get(&self) -> Result<(String, String), Error> {
        self.0.lock().map_err(|_| "lock")?.clone().ok_or_else(|| "no tray icon has registered".into())
    }
}

struct Watcher {
    reg: Registered,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: &str, #[zbus(header)] hdr: zbus::message::Header<'_>) {
        let sender = hdr.sender().map(|s| s.to_string()).unwrap_or_default();
        // An item names either its object path (on the calling connection) or a bus name.
        let item = if service.starts_with('/') {
            (sender, service.to_string())
        } else {
            (service.to_string(), "/StatusNotifierItem".to_string())
        };
        say(&json!({ "registered": format!("{} {}", item.0, item.1) }));
        if let Ok(mut r) = self.reg.0.lock() {
            *r = Some(item);
        }
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.reg.get().map(|(n, p)| vec![format!("{n}{p}")]).unwrap_or_default()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

fn say(v: &Json) {
    println!("{v}");
}

/// The item's menu, as a dbusmenu proxy.
fn menu(conn: &zbus::blocking::Connection, reg: &Registered) -> Result<zbus::blocking::Proxy<'static>, Error> {
    let (name, path) = reg.get()?;
    let item = zbus::blocking::Proxy::new_owned(conn.clone(), name.clone(), path, "org.kde.StatusNotifierItem")?;
    let menu: OwnedObjectPath = item.get_property("Menu")?;
    Ok(zbus::blocking::Proxy::new_owned(conn.clone(), name, menu, "com.canonical.dbusmenu")?)
}

type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

fn prop_str(props: &HashMap<String, OwnedValue>, key: &str) -> Option<String> {
    props.get(key).and_then(|v| String::try_from(v.try_clone().ok()?).ok())
}

fn prop_bool(props: &HashMap<String, OwnedValue>, key: &str) -> Option<bool> {
    props.get(key).and_then(|v| bool::try_from(v.try_clone().ok()?).ok())
}

fn layout(conn: &zbus::blocking::Connection, reg: &Registered) -> Result<Json, Error> {
    let menu = menu(conn, reg)?;
    let (_revision, (_, _, children)): (u32, Node) = menu.call("GetLayout", &(0i32, -1i32, Vec::<String>::new()))?;
    let mut items = Vec::new();
    for child in children {
        let (id, props, _): Node = child.try_into()?;
        if prop_str(&props, "type").as_deref() == Some("separator") || prop_bool(&props, "visible") == Some(false) {
            continue;
        }
        // GTK menus export mnemonics as "_"; a panel shows the text without them.
        let label = prop_str(&props, "label").unwrap_or_default().replace('_', "");
        items.push(json!({ "id": id, "label": label, "enabled": prop_bool(&props, "enabled").unwrap_or(true) }));
    }
    Ok(json!({ "items": items }))
}

fn click(conn: &zbus::blocking::Connection, reg: &Registered, id: i32) -> Result<Json, Error> {
    let menu = menu(conn, reg)?;
    menu.call_method("Event", &(id, "clicked", Value::from(0i32), 0u32))?;
    Ok(json!({ "ok": true }))
}

fn main() -> Result<(), Error> {
    let reg = Registered::default();
    let conn = zbus::blocking::connection::Builder::session()?
        .name("org.kde.StatusNotifierWatcher")?
        .serve_at("/StatusNotifierWatcher", Watcher { reg: reg.clone() })?
        .build()?;
    say(&json!({ "ready": true }));
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut words = line.split_whitespace();
        let answer = match (words.next(), words.next().map(str::parse::<i32>)) {
            (Some("layout"), _) => layout(&conn, &reg),
            (Some("click"), Some(Ok(id))) => click(&conn, &reg, id),
            _ => Err(format!("unknown command: {line}").into()),
        };
        say(&answer.unwrap_or_else(|e| json!({ "error": e.to_string() })));
    }
    Ok(())
}
