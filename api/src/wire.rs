//! Requests the HTTP/1 codec cannot parse never reach the application: a malformed request line, an
//! invalid, absurd or repeated `Content-Length`, `Transfer-Encoding` beside `Content-Length`, a header
//! name with a space, an unknown HTTP version. actix-http answers them itself, before any middleware,
//! with a body-less `400` (or `431`) and closes the connection, and offers no hook to change that
//! answer. This stream adapter sits under the codec and replaces that last answer on the connection
//! with the same status as problem+json (issue 16: every 4xx from the HTTP layer is a problem
//! document). Every other byte passes through untouched: the application's own answers always carry a
//! body and a `content-type`, so they never look like the codec's.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use openapi::problem::Problem;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection whose codec-level error answers are rewritten as problem+json.
pub struct ProblemOnParseError<S> {
    inner: S,
    replacement: Option<Replacement>,
}

/// A rewritten tail being written; the caller is told its own bytes were written once it is all out.
struct Replacement {
    bytes: Vec<u8>,
    written: usize,
    stands_for: usize,
}

impl<S> ProblemOnParseError<S> {
    pub fn new(inner: S) -> Self {
        Self { inner, replacement: None }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for ProblemOnParseError<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> ProblemOnParseError<S> {
    /// Writes out what remains of the replacement; ready once none does.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(r) = self.replacement.as_mut().filter(|r| r.written < r.bytes.len()) {
            match Pin::new(&mut self.inner).poll_write(cx, &r.bytes[r.written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => r.written += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ProblemOnParseError<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacement.is_none() {
            match rewrite(buf) {
                Some(bytes) => this.replacement = Some(Replacement { bytes, written: 0, stands_for: buf.len() }),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        match this.drain(cx) {
            Poll::Ready(Ok(())) => {
                // The codec's answer is the last thing written on the connection; once it is out, the
                // caller's bytes count as written and anything later passes through.
                let stands_for = this.replacement.take().map_or(0, |r| r.stands_for);
                Poll::Ready(Ok(stands_for))
            }
            other => other.map(|r| r.map(|()| 0)),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match this.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_flush(cx),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match this.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut this.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

/// The bytes with the codec's body-less error answer at their end replaced by a problem document, or
/// None when they end otherwise.
fn rewrite(buf: &[u8]) -> Option<Vec<u8>> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let start = last_status_line(buf)?;
    let head = std::str::from_utf8(&buf[start..]).ok()?;
    let (status_line, headers) = head.split_once("\r\n")?;
    if headers.len() > 2 && headers[..headers.len() - 2].contains("\r\n\r\n") {
        return None; // more than one head: not a body-less answer
    }
    let (version, rest) = status_line.split_once(' ')?;
    let status: u16 = rest.split(' ').next()?.parse().ok()?;
    let headers: Vec<&str> = headers.split("\r\n").filter(|line| !line.is_empty()).collect();
    let has = |name: &str| headers.iter().any(|h| h.len() > name.len() && h[..name.len()].eq_ignore_ascii_case(name));
    let empty = headers.iter().any(|h| h.eq_ignore_ascii_case("content-length: 0"));
    if !empty || has("content-type:") || !(status == 400 || status == 431) {
        return None;
    }
    let problem = problem(status);
    let body = serde_json::to_vec(&problem).ok()?;
    tracing::info!(status, request_id = %problem.request_id, "a request the HTTP codec could not parse");
    let mut out = buf[..start].to_vec();
    out.extend_from_slice(format!("{version} {status} {}\r\n", reason(status)).as_bytes());
    for kept in headers.iter().filter(|h| !h[..h.find(':').unwrap_or(0)].eq_ignore_ascii_case("content-length")) {
        out.extend_from_slice(kept.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !has("connection:") {
        out.extend_from_slice(b"connection: close\r\n");
    }
    out.extend_from_slice(b"content-type: application/problem+json\r\nx-content-type-options: nosniff\r\n");
    out.extend_from_slice(b"cache-control: no-store\r\n");
    out.extend_from_slice(
        format!("x-request-id: {}\r\ncontent-length: {}\r\n\r\n", problem.request_id, body.len()).as_bytes(),
    );
    out.extend_from_slice(&body);
    Some(out)
}

/// Where the last response head of the bytes starts, looked for only in their last bytes: the codec's
/// answer is short, and every write passes here.
fn last_status_line(buf: &[u8]) -> Option<usize> {
    const LONGEST_CODEC_ANSWER: usize = 256;
    let from = buf.len().saturating_sub(LONGEST_CODEC_ANSWER);
    (from..buf.len()).rev().find(|&i| buf[i..].starts_with(b"HTTP/1."))
}

fn reason(status: u16) -> &'static str {
    if status == 431 {
        "Request Header Fields Too Large"
    } else {
        "Bad Request"
    }
}

fn problem(status: u16) -> Problem {
    let mut problem = if status == 431 {
        Problem::new(
            status,
            "headers_too_large",
            "Headers too large",
            "the request's headers are larger than the service reads",
        )
    } else {
        Problem::new(
            status,
            "malformed_request",
            "Malformed request",
            "the request is not valid HTTP/1.1: e.g. an invalid or repeated Content-Length, Transfer-Encoding with \
             Content-Length, a header name with a space, or an unknown HTTP version",
        )
    };
    problem.request_id = uuid::Uuid::now_v7().to_string();
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODEC_400: &[u8] =
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\ndate: Wed, 02 Dec 2026 22:56:38 GMT\r\n\r\n";

    #[test]
    fn the_codecs_empty_400_becomes_a_problem_document() {
        let out = String::from_utf8(rewrite(CODEC_400).expect("test input")).expect("test input");
        let (head, body) = out.split_once("\r\n\r\n").expect("test input");
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert!(head.contains("date: Wed, 02 Dec 2026 22:56:38 GMT"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        assert_eq!(head.matches("content-length").count(), 1, "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).expect("test input");
        assert_eq!((problem["status"].as_u64(), problem["code"].as_str()), (Some(400), Some("malformed_request")));
    }

    #[test]
    fn an_answer_before_it_on_the_connection_is_kept() {
        let first = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        let out = rewrite(&[&first[..], CODEC_400].concat()).expect("test input");
        assert!(out.starts_with(first));
        assert!(String::from_utf8_lossy(&out[first.len()..]).contains("malformed_request"));
    }

    #[test]
    fn the_applications_own_answers_pass_untouched() {
        let with_body =
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ncontent-length: 2\r\n\r\n{}";
        assert!(rewrite(with_body).is_none());
        let no_content = b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
        assert!(rewrite(no_content).is_none());
        let typed_empty = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ncontent-type: text/plain\r\n\r\n";
        assert!(rewrite(typed_empty).is_none());
        assert!(rewrite(b"").is_none());
    }

    #[test]
    fn the_codecs_431_keeps_its_status() {
        let out =
            rewrite(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n").expect("test input");
        let out = String::from_utf8(out).expect("test input");
        assert!(out.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(out.contains("connection: close") && out.contains("\"headers_too_large\""), "{out}");
    }
}
