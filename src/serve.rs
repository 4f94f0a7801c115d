//! `folio serve`: a built site on 127.0.0.1, for authors to read before they publish.
//!
//! A small HTTP/1.1 file server (GET and HEAD, one request per connection): correct content
//! types, a folder's `index.html`, and nothing outside the site's folder — a request whose
//! path has a `..` or `.` segment (written plainly or percent-encoded), a backslash, a NUL or
//! invalid UTF-8 gets 404, and so does a file whose real path (symbolic links resolved) is not
//! inside the folder. A malformed request gets 400 and the server goes on. When the site is
//! rebuilt ([`Server::reloaded`]), the pages it serves reload themselves: HTML responses (never
//! the files on disk) get a small script that asks `/__folio/version` once a second, and their
//! policy lets that one script in.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The longest request head read; a longer one is refused.
const MAX_HEAD: usize = 16 * 1024;

/// The script served pages get, which reloads them when the site changes.
const RELOAD_JS: &str = "(function () {\n  var seen = null;\n  setInterval(function () {\n    fetch('/__folio/version', { cache: 'no-store' })\n      .then(function (r) { return r.text(); })\n      .then(function (v) { if (seen !== null && v !== seen) location.reload(); seen = v; })\n      .catch(function () {});\n  }, 1000);\n})();\n";

/// A site being served.
pub struct Server {
    root: PathBuf,
    listener: TcpListener,
    version: Arc<AtomicU64>,
    live_reload: bool,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0: any free port) over the folder `root`.
    pub fn bind(root: &Path, port: u16, live_reload: bool) -> std::io::Result<Server> {
        let root = std::fs::canonicalize(root)?;
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        Ok(Server {
            root,
            listener,
            version: Arc::new(AtomicU64::new(0)),
            live_reload,
        })
    }

    pub fn address(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle that tells open pages the site changed.
    pub fn reloader(&self) -> Reloader {
        Reloader(self.version.clone())
    }

    /// Serves until the process ends; each connection on its own thread.
    pub fn run(&self) {
        for stream in self.listener.incoming().flatten() {
            let root = self.root.clone();
            let version = self.version.clone();
            let live_reload = self.live_reload;
            std::thread::spawn(move || {
                let _ = handle(stream, &root, &version, live_reload);
            });
        }
    }
}

/// Tells the pages a server has open that the site was rebuilt.
#[derive(Clone)]
pub struct Reloader(Arc<AtomicU64>);

impl Reloader {
    pub fn reloaded(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// One request on `stream`, answered.
fn handle(
    mut stream: TcpStream,
    root: &Path,
    version: &AtomicU64,
    live_reload: bool,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let head = match read_head(&mut stream) {
        Some(head) => head,
        None => {
            return bad_request(&mut stream);
        }
    };
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target, protocol) = (parts.next(), parts.next(), parts.next());
    let (Some(method), Some(target), Some(protocol)) = (method, target, protocol) else {
        return bad_request(&mut stream);
    };
    if parts.next().is_some() || !protocol.starts_with("HTTP/1.") || !target.starts_with('/') {
        return bad_request(&mut stream);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return respond(
                &mut stream,
                405,
                "text/plain; charset=utf-8",
                b"method not allowed\n",
                false,
            );
        }
    };
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if live_reload && path == "/__folio/version" {
        let v = version.load(Ordering::SeqCst).to_string();
        return respond(
            &mut stream,
            200,
            "text/plain; charset=utf-8",
            v.as_bytes(),
            head_only,
        );
    }
    if live_reload && path == "/__folio/reload.js" {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            head_only,
        );
    }
    let Some(file) = resolve(root, path) else {
        return respond(
            &mut stream,
            404,
            "text/plain; charset=utf-8",
            b"not found\n",
            head_only,
        );
    };
    if file.is_dir() {
        // A folder's address without its slash: relative links need the slash.
        let location = format!("{path}/");
        let reply = format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(reply.as_bytes());
    }
    match std::fs::read(&file) {
        Ok(mut bytes) => {
            let kind = content_type(&file);
            if live_reload && kind.starts_with("text/html") {
                bytes = with_reload(&bytes);
            }
            respond(&mut stream, 200, kind, &bytes, head_only)
        }
        Err(_) => respond(
            &mut stream,
            404,
            "text/plain; charset=utf-8",
            b"not found\n",
            head_only,
        ),
    }
}

/// The request head (up to the blank line), or `None` when it is not one.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD as u64));
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line).ok()?;
        if n == 0 || !line.ends_with(b"\n") {
            return None;
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        head.extend_from_slice(&line);
    }
    String::from_utf8(head).ok()
}

/// The file `path` (the request's, `/`-separated and percent-encoded) names inside `root`, or
/// `None` when it names anything else.
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(part)), None) => file.push(part),
            _ => return None,
        }
    }
    if file.is_dir() && decoded.ends_with('/') || file == root {
        file.push("index.html");
    }
    // Symbolic links are followed only where they stay inside the site.
    let real = std::fs::canonicalize(&file).ok()?;
    real.starts_with(root).then_some(real)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = (bytes.next()? as char).to_digit(16)?;
            let lo = (bytes.next()? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

/// A file's content type, by its extension.
fn content_type(file: &Path) -> &'static str {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => {
            if file.file_name().is_some_and(|n| n == "feed.xml") {
                "application/atom+xml"
            } else {
                "application/xml"
            }
        }
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        "woff2" => "font/woff2",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// A page as served with live reload: its reload script in, and its policy letting scripts of
/// this server run (the file on disk keeps `script-src 'none'`).
fn with_reload(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let text = text.replacen("script-src 'none'", "script-src 'self'", 1);
    let text = text.replacen(
        "</head>",
        "<script src=\"/__folio/reload.js\"></script>\n</head>",
        1,
    );
    text.into_bytes()
}

fn bad_request(stream: &mut TcpStream) -> std::io::Result<()> {
    respond(
        stream,
        400,
        "text/plain; charset=utf-8",
        b"bad request\n",
        false,
    )
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_out_of_the_site_resolve_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/a/"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/a"), Some(root.join("a")));
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a%5c..%5cx",
            "/%00",
            "/%zz",
            "/./index.html",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
    }
}
