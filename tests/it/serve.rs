//! `folio serve`, spoken to with raw HTTP requests as a browser or an attacker would: pages with
//! their content types, and 404 for every way out of the site's folder (`..` plain and
//! percent-encoded, backslashes, NUL, a symbolic link out); 400 for a malformed request, 405
//! for a method it does not serve, and the server still answering after each.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::common::*;

/// A served site; the server is stopped when this is dropped.
struct Served {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_site() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("src");
    std::fs::create_dir(&sources).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/bom-crlf.md"),
        sources.join("piece.md"),
    )
    .unwrap();
    let site = dir.path().join("site");
    let run = folio(&[
        "site",
        sources.to_str().unwrap(),
        "-f",
        "html",
        "--out",
        site.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    // A secret beside the site, and a link from inside the site to it.
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Served {
        child,
        port,
        _dir: dir,
    }
}

/// Sends `request` as it is; returns the status code, the headers and the body.
fn raw(port: u16, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&reply[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, reply[split + 4..].to_vec())
}

fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    raw(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes(),
    )
}

#[test]
fn the_site_is_served_and_nothing_outside_it() {
    let served = serve_site();
    let port = served.port;
    let (status, head, body) = get(port, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(String::from_utf8_lossy(&body).contains("<!DOCTYPE html>"));
    let (status, head, _) = get(port, "/piece/index.html");
    assert_eq!(status, 200, "{head}");
    let (status, head, _) = get(port, "/assets/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/css"), "{head}");
    let (status, head, _) = get(port, "/piece/assets/card.png");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: image/png"), "{head}");
    // A folder without its slash is sent to it.
    let (status, head, _) = get(port, "/piece");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /piece/"), "{head}");
    for path in [
        "/../secret.txt",
        "/piece/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/piece/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%00",
        "/link.txt",
        "/nothing-here.html",
    ] {
        let (status, _, body) = get(port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
    }
    // Malformed requests, then a good one: the server is still there.
    for bad in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET relative HTTP/1.1\r\n\r\n",
        b"GET / SPDY/9\r\n\r\n",
        b"GET /%zz HTTP/1.1\r\n\r\n",
    ] {
        let (status, _, _) = raw(port, bad);
        assert!(
            status == 400 || status == 404,
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    let (status, _, _) = raw(port, b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(status, 405);
    // A connection that sends nothing and closes.
    drop(TcpStream::connect(("127.0.0.1", port)).unwrap());
    let (status, _, body) = raw(port, b"HEAD / HTTP/1.1\r\n\r\n");
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(get(port, "/").0, 200);
}

/// `--watch DIR`: the site is built from DIR, rebuilt after an edit, and the pages served (not
/// the files on disk) carry the reload script that notices it.
#[test]
fn with_watch_an_edit_rebuilds_the_site_and_open_pages_learn_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("src");
    std::fs::create_dir(&sources).unwrap();
    let source = sources.join("piece.md");
    std::fs::copy(root().join("tests/fixtures/ok/bom-crlf.md"), &source).unwrap();
    let site = dir.path().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", site.to_str().unwrap(), "--port", "0", "--watch"])
        .arg(&sources)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut port = None;
    let mut line = String::new();
    while port.is_none() && reader.read_line(&mut line).unwrap() > 0 {
        port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse::<u16>().ok());
        line.clear();
    }
    std::thread::spawn(move || for _ in reader.lines() {});
    let served = Served {
        child,
        port: port.expect("the server's address"),
        _dir: tempfile::tempdir().unwrap(),
    };
    let port = served.port;
    let page = String::from_utf8(get(port, "/piece/index.html").2).unwrap();
    assert!(page.contains("/__folio/reload.js") && page.contains("script-src 'self'"));
    let on_disk = std::fs::read_to_string(site.join("piece/index.html")).unwrap();
    assert!(!on_disk.contains("reload.js") && on_disk.contains("script-src 'none'"));
    assert_eq!(get(port, "/__folio/version").2, b"0");
    // What `serve --watch` builds is what `folio site` builds: the pages, their downloads and
    // the cite files beside them.
    let by_site = dir.path().join("by-site");
    let run = folio(&[
        "site",
        sources.to_str().unwrap(),
        "--out",
        by_site.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let piece = listing(&site.join("piece"));
    assert_eq!(piece, listing(&by_site.join("piece")));
    assert!(piece.iter().any(|f| f.ends_with(".ris")), "{piece:?}");
    assert_eq!(listing(&site), listing(&by_site));
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replacen("title:", "title: Edited —", 1)).unwrap();
    let mut version = Vec::new();
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        version = get(port, "/__folio/version").2;
        if version != b"0" {
            break;
        }
    }
    assert_eq!(version, b"1", "no rebuild noticed");
    let index = String::from_utf8(get(port, "/").2).unwrap();
    assert!(index.contains("Edited —"), "{index}");
}
