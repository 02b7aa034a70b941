//! Attachments (SPEC §2, issue 12) through the real CLI on real files: photos, scans and PDFs kept
//! with a terminal, SIM card, deposit or repair ticket; carried by backups, restore and the .zip
//! export (read back by Python's zipfile); bad files refused with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Db, Rng};
use serde_json::Value;
use std::io::Cursor;
use std::path::{Path, PathBuf};

const ICCID: &str = "89860012345678901234";

fn inventory() -> Db {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-1", "--store", "朝阳路店"]);
    db.ok(&["sim", "add", "--iccid", ICCID, "--terminal", "PAX-1", "--expires-on", "2027-01-01"]);
    db.ok(&["deposit", "add", "PAX-1", "--amount", "199", "--deadline", "2027-03-01"]);
    db.ok(&["repair", "open", "PAX-1", "--fault", "screen", "--opened-on", "2026-11-01"]);
    db
}

/// A photo as a camera makes one: noise, so it compresses like a real one.
fn photo(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 26) as u8;
        image::Rgb([(x % 190) as u8 + n, (y % 190) as u8 + n, 90 + n])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A valid 1-pixel PNG whose header (with its checksum mended) claims `w` × `h` pixels: what a
/// decompression bomb looks like to a decoder.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = photo(1, 1, image::ImageFormat::Png);
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = png[12..29].iter().fold(!0u32, |mut c, &b| {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 };
        }
        c
    });
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
    png
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn write(db: &Db, name: &str, bytes: &[u8]) -> PathBuf {
    let p = db.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn list(db: &Db, owner: &str, key: &str) -> Vec<Value> {
    let out = db.ok(&["attachment", "list", owner, key, "--json"]);
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

fn saved(db: &Db, id: &str) -> Vec<u8> {
    let out = db.dir.path().join(format!("saved-{id}"));
    db.ok(&["attachment", "save", id, "--out", out.to_str().unwrap()]);
    std::fs::read(out).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn each_owner_keeps_its_files_and_gives_back_the_same_bytes() {
    let db = inventory();
    let warranty = photo(1200, 900, image::ImageFormat::Jpeg);
    let scan = photo(600, 800, image::ImageFormat::Png);
    let files = [
        ("terminal", "PAX-1", write(&db, "保修卡.jpg", &warranty)),
        ("sim", ICCID, write(&db, "流量卡.png", &scan)),
        ("deposit", "1", write(&db, "押金收据.pdf", PDF)),
        ("repair", "1", write(&db, "维修单.PDF", PDF)),
    ];
    for (owner, key, file) in &files {
        let id = db.ok(&["attachment", "add", owner, key, p(file)]);
        let listed = list(&db, owner, key);
        assert_eq!(listed.len(), 1, "{owner}");
        let a = &listed[0];
        assert_eq!(a["id"].to_string(), id);
        assert_eq!(a["owner"], *owner);
        assert_eq!(a["name"], file.file_name().unwrap().to_str().unwrap());
        assert_eq!(saved(&db, &id), std::fs::read(file).unwrap(), "{owner}: bytes changed");
        assert_eq!(a["has_thumb"], owner != &"deposit" && owner != &"repair");
    }
    assert_eq!(list(&db, "terminal", "PAX-1")[0]["kind"], "jpeg");
    // The same file again: kept once.
    let again = db.ok(&["attachment", "add", "terminal", "PAX-1", p(&files[0].2)]);
    assert_eq!(again, "1");
    assert_eq!(list(&db, "terminal", "PAX-1").len(), 1);
    // Removed: gone with its bytes.
    db.ok(&["attachment", "remove", "1"]);
    assert!(list(&db, "terminal", "PAX-1").is_empty());
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM attachment_data", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 3);
    let o = db.run(&["attachment", "remove", "1"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    db.ok(&["check"]);
}

#[test]
fn a_large_photo_is_downsized_only_when_asked() {
    let db = inventory();
    let big = write(&db, "IMG_2041.jpg", &photo(4000, 3000, image::ImageFormat::Jpeg));
    let kept = db.ok(&["attachment", "add", "terminal", "PAX-1", p(&big)]);
    let small = db.ok(&["attachment", "add", "terminal", "PAX-1", p(&big), "--downsize"]);
    assert_ne!(kept, small);
    let original = image::load_from_memory(&saved(&db, &kept)).unwrap();
    let resized = image::load_from_memory(&saved(&db, &small)).unwrap();
    assert_eq!((original.width(), original.height()), (4000, 3000));
    assert_eq!((resized.width(), resized.height()), (2560, 1920));
}

#[test]
fn attaching_a_document_ticks_it_on_the_repair_ticket() {
    let db = inventory();
    let card = write(&db, "保修卡.jpg", &photo(300, 200, image::ImageFormat::Jpeg));
    db.ok(&["attachment", "add", "repair", "1", p(&card), "--document", "warranty_card"]);
    let ticket: Value = serde_json::from_str(&db.ok(&["repair", "show", "1", "--json"])).unwrap();
    let done: Vec<&str> = ticket["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["done"] == true)
        .map(|d| d["item"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["warranty_card"]);
    assert_eq!(list(&db, "repair", "1")[0]["document"], "warranty_card");
    // A document the ticket does not list, or one on a terminal: refused, nothing kept.
    let before = db.dump();
    let pdf = write(&db, "x.pdf", PDF);
    for args in [
        vec!["attachment", "add", "repair", "1", p(&pdf), "--document", "passport"],
        vec!["attachment", "add", "terminal", "PAX-1", p(&pdf), "--document", "warranty_card"],
    ] {
        let o = db.run(&args);
        assert_eq!(o.code, 1, "{args:?}: {}", o.stderr);
        assert!(o.stderr.contains("document"), "{}", o.stderr);
    }
    assert_eq!(db.dump(), before);
}

#[test]
fn bad_files_are_refused_in_words_and_nothing_is_kept() {
    let db = inventory();
    let before = db.dump();
    let huge = db.dir.path().join("扫描件.pdf");
    {
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(20 * 1024 * 1024 + 1).unwrap();
    }
    let bomb = png_claiming(60_000, 60_000);
    let mut cut = photo(400, 300, image::ImageFormat::Jpeg);
    cut.truncate(600);
    let cases: Vec<(PathBuf, &str, &str)> = vec![
        (write(&db, "保修卡.jpg", b"MZ\x90\0\x03\0\0\0program"), "attachment_lying_name", "扩展名是 .jpg"),
        (write(&db, "invoice.png", PDF), "attachment_lying_name", "实际内容是 PDF 文件"),
        (write(&db, "IMG_0001.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0"), "attachment_unsupported", "HEIC"),
        (write(&db, "报价.docx", b"PK\x03\x04\x14\0\0\0"), "attachment_unsupported", "另存为 PDF"),
        (write(&db, "空.pdf", b""), "attachment_empty", "空文件"),
        (huge, "attachment_too_big", "附件最大 20.0 MB"),
        (write(&db, "bomb.png", &bomb), "attachment_too_many_pixels", "60000×60000"),
        (write(&db, "cut.jpg", &cut), "attachment_damaged", "已损坏"),
        (db.dir.path().join("不存在.jpg"), "file_not_found", "找不到文件"),
    ];
    for (file, code, words) in &cases {
        let o = db
            .cmd()
            .env("LANG", "zh_CN.UTF-8")
            .args(["attachment", "add", "terminal", "PAX-1", p(file)])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{file:?}: {err}");
        assert!(err.contains(words), "{file:?} ({code}): {err}");
    }
    // An owner that does not exist.
    let pdf = write(&db, "ok.pdf", PDF);
    for (owner, key) in [("terminal", "NOPE"), ("sim", "89860099999999999999"), ("deposit", "9"), ("repair", "x")] {
        let o = db.run(&["attachment", "add", owner, key, p(&pdf)]);
        assert_eq!(o.code, 1, "{owner} {key}: {}", o.stderr);
    }
    let o = db.run(&["attachment", "add", "shop", "1", p(&pdf)]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(db.dump(), before, "a refused file left something behind");
}

#[test]
#[cfg_attr(windows, ignore = "reads the .zip with Linux's python3, which a Windows test run cannot start")]
fn backups_restore_and_the_zip_export_carry_the_files() {
    let db = inventory();
    let card = photo(800, 600, image::ImageFormat::Jpeg);
    db.ok(&["attachment", "add", "repair", "1", p(&write(&db, "保修卡.jpg", &card)), "--document", "warranty_card"]);
    db.ok(&["attachment", "add", "repair", "1", p(&write(&db, "a/b.pdf".replace('/', "_").as_str(), PDF))]);
    let backup = db.dir.path().join("nightly.db");
    db.ok(&["backup", "--out", p(&backup)]);
    db.ok(&["attachment", "remove", "1"]);
    assert_eq!(list(&db, "repair", "1").len(), 1);
    db.ok(&["restore", p(&backup)]);
    let back = list(&db, "repair", "1");
    assert_eq!(back.len(), 2);
    assert_eq!(saved(&db, "1"), card);

    let zip = db.dir.path().join("全部.zip");
    db.ok(&["export", "--format", "zip", "--out", p(&zip)]);
    // Read by a reader of its own: Python's zipfile tests every member's CRC.
    let script = r#"
import json, sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
doc = json.loads(z.read("poskeeper.json"))
out = []
for a in doc["attachments"]:
    data = z.read(a["file"])
    assert hashlib.sha256(data).hexdigest() == a["sha256"], a
    out.append([a["file"], a["owner"], a["owner_id"], len(data)])
print(json.dumps(out))
"#;
    let py = if Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let o = std::process::Command::new(py).arg("-c").arg(script).arg(&zip).output().expect("python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let members: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        members,
        serde_json::json!([
            ["attachments/1-保修卡.jpg", "repair", 1, card.len()],
            ["attachments/2-a_b.pdf", "repair", 1, PDF.len()]
        ])
    );
}

/// SPEC §6 on the new write: `attachment add` killed (SIGKILL) at random moments of reading,
/// checking and writing a 19 MB PDF leaves a sound database with the file whole or not at all,
/// and the next attach works.
#[test]
fn a_killed_attach_leaves_the_file_whole_or_not_at_all() {
    let (mut rng, seed) = Rng::from_env();
    let kills: u64 = std::env::var("POSKEEPER_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(12);
    let db = inventory();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..19 * 1024 * 1024).map(|_| (rng.next() >> 24) as u8));
    let file = write(&db, "扫描件.pdf", &pdf);
    let before = db.dump();
    let run = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("poskeeper"))
            .arg("--db")
            .arg(&db.path)
            .args(args)
            .env("POSKEEPER_NOW", "2026-11-22T10:00:00")
            .env("LANG", "C")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let add = ["attachment", "add", "deposit", "1", p(&file)];
    let full = {
        let t = std::time::Instant::now();
        assert!(run(&add).wait().unwrap().success());
        let took = t.elapsed();
        db.ok(&["attachment", "remove", &list(&db, "deposit", "1")[0]["id"].to_string()]);
        took
    };
    let (mut none, mut whole) = (0, 0);
    let mut i = 0;
    while i < kills || (none == 0 && i < 3 * kills) {
        let slot = full.as_micros() as u64 * 12 / 10 / kills.max(1);
        let at = std::time::Duration::from_micros(if i < kills {
            slot * i + rng.below(slot)
        } else {
            rng.below(full.as_micros() as u64 / 2)
        });
        i += 1;
        let mut child = run(&add);
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();
        let ctx = format!("seed {seed}, kill {i} at {at:?} of {full:?}");
        let o = db.run(&["check"]);
        assert_eq!(o.code, 0, "{ctx}: {}", o.stdout);
        let listed = list(&db, "deposit", "1");
        match listed.as_slice() {
            [] => {
                none += 1;
                assert_eq!(db.dump(), before, "{ctx}: something was left");
            }
            [a] => {
                whole += 1;
                let id = a["id"].to_string();
                assert_eq!(saved(&db, &id), pdf, "{ctx}: the file is not whole");
                db.ok(&["attachment", "remove", &id]);
            }
            more => panic!("{ctx}: {} attachments", more.len()),
        }
    }
    eprintln!("attach: {i} kills over {full:?}: {none} left nothing, {whole} the whole file (seed {seed})");
    assert!(none > 0, "seed {seed}: the kills did not land during the attach");
    db.ok(&add);
    assert_eq!(list(&db, "deposit", "1").len(), 1);
}
