//! Attachments over IPC: a file picked or dropped becomes a token; attached to a terminal or a
//! repair ticket (ticking its document); listed, its thumbnail a data URL; refused in the core's
//! words when it lies about what it is; removed. The OS viewer's copy is written where it should.

use crate::*;
use base64::Engine;
use std::io::Cursor;
use tauri::{Listener, Manager};

fn photo() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let img = image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x % 250) as u8, (y % 250) as u8, 120]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}

#[test]
fn files_are_attached_listed_thumbnailed_and_removed() -> TestResult {
    let (dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    let repair = json!({"fault": "screen", "opened_on": "2026-11-20"});
    let ticket = app.ok("open_repair", json!({"sn": SN, "repair": repair}))?;
    let card = dir.path().join("保修卡.jpg");
    std::fs::write(&card, photo()?)?;
    let picked = app.pick("pick_attachment_file", json!({}), Some(&card))?;
    assert_eq!(picked["name"], "保修卡.jpg");
    assert_eq!(app.pick("pick_attachment_file", json!({}), None)?, Value::Null);
    let token = picked["token"].as_str().unwrap_or_default().to_string();

    let a = app.ok(
        "attach_file",
        json!({"token": token, "owner": "terminal", "key": SN, "document": null, "downsize": true}),
    )?;
    assert_eq!(
        (&a["name"], &a["kind"], &a["owner"], &a["has_thumb"]),
        (&json!("保修卡.jpg"), &json!("jpeg"), &json!("terminal"), &json!(true))
    );
    let listed = app.ok("attachments", json!({"owner": "terminal", "key": SN}))?;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let thumb = app.ok("attachment_thumb", json!({"id": a["id"]}))?;
    let b64 = thumb.as_str().and_then(|s| s.strip_prefix("data:image/jpeg;base64,")).ok_or("not a data URL")?;
    let small = image::load_from_memory(&base64::engine::general_purpose::STANDARD.decode(b64)?)?;
    assert_eq!((small.width(), small.height()), (240, 180));

    // On a ticket, as a document: ticked there.
    let doc = app.ok(
        "attach_file",
        json!({"token": token, "owner": "repair", "key": ticket.to_string(), "document": "warranty_card", "downsize": false}),
    )?;
    assert_eq!(doc["document"], "warranty_card");
    let detail = app.detail(SN)?;
    let ticked: Vec<&Value> = detail["repairs"][0]["documents"]
        .as_array()
        .ok_or("no documents")?
        .iter()
        .filter(|d| d["done"] == true)
        .collect();
    assert_eq!(ticked, [&json!({"item": "warranty_card", "done": true})]);

    // Refused: a lying name, a token picked for something else, an owner that is not there.
    let fake = dir.path().join("invoice.pdf");
    std::fs::write(&fake, photo()?)?;
    let fake_token = app.token("pick_attachment_file", json!({}), &fake)?;
    let args = |t: &str, owner: &str, key: &str| json!({"token": t, "owner": owner, "key": key, "document": null});
    assert_eq!(app.code("attach_file", args(&fake_token, "terminal", SN))?, "attachment_lying_name");
    let import = app.token("pick_import_file", json!({}), &card)?;
    assert_eq!(app.code("attach_file", args(&import, "terminal", SN))?, "file_not_picked");
    assert_eq!(app.code("attach_file", args(&token, "terminal", "NOPE"))?, "terminal_not_found");
    assert_eq!(app.code("attach_file", args(&token, "shop", SN))?, "invalid_value");
    std::fs::remove_file(&card)?;
    assert_eq!(app.code("attach_file", args(&token, "sim", ICCID))?, "file_not_found");

    app.ok("remove_attachment", json!({"id": a["id"]}))?;
    assert_eq!(app.ok("attachments", json!({"owner": "terminal", "key": SN}))?, json!([]));
    assert_eq!(app.code("remove_attachment", json!({"id": a["id"]}))?, "not_found");
    assert_eq!(app.code("attachment_thumb", json!({"id": a["id"]}))?, "not_found");
    assert_eq!(app.code("open_attachment", json!({"id": a["id"]}))?, "not_found");
    Ok(())
}

#[test]
fn dropped_files_become_tokens_and_the_viewer_gets_a_copy() -> TestResult {
    let (dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    let pdf = dir.path().join("发票.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n")?;
    let (tx, rx) = std::sync::mpsc::channel();
    app.window.listen_any(poskeeper_app::commands::attachments::FILES_DROPPED, move |e| {
        let _ = tx.send(e.payload().to_string());
    });
    // A folder dropped with it is left out.
    poskeeper_app::commands::attachments::dropped(
        app.window.app_handle(),
        &[pdf.clone(), dir.path().to_path_buf()],
        (120.0, 80.5),
    );
    let payload: Value = serde_json::from_str(&rx.recv_timeout(std::time::Duration::from_secs(5))?)?;
    assert_eq!((&payload["x"], &payload["y"]), (&json!(120.0), &json!(80.5)));
    assert_eq!(payload["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(payload["files"][0]["name"], "发票.pdf");
    let token = payload["files"][0]["token"].as_str().unwrap_or_default();
    let a = app.ok("attach_file", json!({"token": token, "owner": "terminal", "key": SN}))?;
    assert_eq!((&a["kind"], &a["has_thumb"]), (&json!("pdf"), &json!(false)));
    assert_eq!(app.ok("attachment_thumb", json!({"id": a["id"]}))?, Value::Null);

    let attachment: poskeeper::domain::attachment::Attachment = serde_json::from_value(a)?;
    let cache = dir.path().join("cache");
    let copy = poskeeper_app::commands::attachments::viewer_copy(&cache, &attachment, b"%PDF-1.4\n%%EOF\n")?;
    assert_eq!(copy, cache.join(format!("{}-发票.pdf", attachment.id)));
    assert_eq!(std::fs::read(&copy)?, b"%PDF-1.4\n%%EOF\n");
    Ok(())
}
