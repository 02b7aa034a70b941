//! A stand-in for the push platforms: an HTTP/1.1 server on 127.0.0.1 that records every request
//! and answers as told — a platform's JSON, an HTTP error, a slow answer, or none at all — and
//! checks a request the way each platform documents it (address, JSON body, signature).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A query parameter, percent-decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        let url = url::Url::parse(&format!("http://x{}", self.target)).ok()?;
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }

    /// The text a person would read: 企业微信/钉钉 markdown, 飞书 text, a webhook's body.
    pub fn text(&self) -> String {
        let b = &self.body;
        [&b["markdown"]["content"], &b["markdown"]["text"], &b["content"]["text"], &b["body"]]
            .iter()
            .find_map(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }
}

/// How the stand-in answers.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Status and body.
    Reply(u16, String),
    /// The same, after a pause.
    Slow(Duration, u16, String),
    /// Reads the request and never answers.
    Hang,
}

pub struct Robot {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Arc<Mutex<Answer>>,
}

impl Robot {
    /// A stand-in answering `{"errcode":0,"errmsg":"ok"}` (企业微信, 钉钉; 飞书 also reads it
    /// as success through its `code` below when told to).
    pub fn start(answer: Answer) -> Robot {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(Mutex::new(answer));
        let (s, a) = (seen.clone(), answer.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, a) = (s.clone(), a.clone());
                std::thread::spawn(move || serve(stream, &s, &a));
            }
        });
        Robot { port, seen, answer }
    }

    pub fn ok() -> Robot {
        Robot::start(Answer::Reply(200, r#"{"errcode":0,"errmsg":"ok"}"#.into()))
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_and_query}", self.port)
    }

    pub fn answer(&self, a: Answer) {
        *self.answer.lock().unwrap() = a;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, answer: &Mutex<Answer>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    seen.lock().unwrap().push(Seen { target, headers, body });
    let a = answer.lock().unwrap().clone();
    let (status, text) = match a {
        Answer::Reply(s, t) => (s, t),
        Answer::Slow(d, s, t) => {
            std::thread::sleep(d);
            (s, t)
        }
        Answer::Hang => {
            std::thread::sleep(Duration::from_secs(600));
            return;
        }
    };
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
}

fn hmac_base64(key: &[u8], msg: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(msg);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// 钉钉's check: `timestamp` (ms) and `sign` in the query, sign = base64(HMAC-SHA256(secret,
/// "timestamp\nsecret")), the timestamp within an hour of `now_ms`.
pub fn dingtalk_signed(seen: &Seen, secret: &str, now_ms: i64) -> bool {
    let (Some(ts), Some(sign)) = (seen.query("timestamp"), seen.query("sign")) else {
        return false;
    };
    let Ok(t) = ts.parse::<i64>() else { return false };
    (t - now_ms).abs() < 3_600_000 && sign == hmac_base64(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes())
}

/// 飞书's check: `timestamp` (s, a string) and `sign` in the body, sign =
/// base64(HMAC-SHA256(key = "timestamp\nsecret", empty)), the timestamp within an hour.
pub fn feishu_signed(seen: &Seen, secret: &str, now_s: i64) -> bool {
    let (Some(ts), Some(sign)) = (seen.body["timestamp"].as_str(), seen.body["sign"].as_str()) else {
        return false;
    };
    let Ok(t) = ts.parse::<i64>() else { return false };
    (t - now_s).abs() < 3600 && sign == hmac_base64(format!("{ts}\n{secret}").as_bytes(), b"")
}
