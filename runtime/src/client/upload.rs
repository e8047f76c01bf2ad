//! Streamed request bodies: the segments of a multipart body
//! ([`RequestBuilder::build_segments`](crate::RequestBuilder::build_segments)), each file read
//! from disk (or from its async reader) a chunk at a time as the connection takes it, so an
//! upload holds at most a few chunks in memory whatever the file's size.

use std::io;
use std::path::PathBuf;

use futures_util::stream::{self, StreamExt};
use tokio::io::AsyncReadExt;

use crate::{Reader, Segment};

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

/// The body of `segments` and its length (for `content-length`: each file's size, read
/// before sending, so that servers that refuse a chunked upload take it).
///
/// # Errors
///
/// A file whose size cannot be read (it does not exist, it is not readable). A reader's
/// errors (one already taken, one that ends short) come as the body is sent.
pub(super) async fn body(segments: Vec<Segment>) -> io::Result<(reqwest::Body, u64)> {
    let mut length = 0_u64;
    for segment in &segments {
        length += match segment {
            Segment::Bytes(bytes) => bytes.len() as u64,
            Segment::Path(path) => tokio::fs::metadata(path)
                .await
                .map_err(|error| read_error(path, &error))?
                .len(),
            Segment::Reader(reader) => reader.length(),
        };
    }
    let stream = stream::iter(segments).flat_map(|segment| match segment {
        Segment::Bytes(bytes) => stream::once(async move { Ok(bytes) }).boxed(),
        Segment::Path(path) => chunks(path).boxed(),
        Segment::Reader(reader) => reader_chunks(reader).boxed(),
    });
    Ok((reqwest::Body::wrap_stream(stream), length))
}

/// What is being read of a file.
enum Reading {
    /// Not opened yet (it is opened when the connection reaches it).
    Closed(PathBuf),
    /// Open, read up to where the last chunk ended.
    Open(tokio::fs::File, PathBuf),
}

/// The content of the file at `path`, in chunks of at most [`CHUNK`] bytes.
fn chunks(path: PathBuf) -> impl futures_util::Stream<Item = io::Result<Vec<u8>>> + Send {
    stream::try_unfold(Reading::Closed(path), |reading| async move {
        let (mut file, path) = match reading {
            Reading::Closed(path) => {
                let file = tokio::fs::File::open(&path)
                    .await
                    .map_err(|error| read_error(&path, &error))?;
                (file, path)
            }
            Reading::Open(file, path) => (file, path),
        };
        let mut chunk = vec![0; CHUNK];
        let read = file
            .read(&mut chunk)
            .await
            .map_err(|error| read_error(&path, &error))?;
        if read == 0 {
            return Ok(None);
        }
        chunk.truncate(read);
        Ok(Some((chunk, Reading::Open(file, path))))
    })
}

/// The content of `reader`, in chunks of at most [`CHUNK`] bytes: exactly its length, an error
/// if it ends before (the `content-length` sent would be a lie), or if a request took it
/// already.
fn reader_chunks(reader: Reader) -> impl futures_util::Stream<Item = io::Result<Vec<u8>>> + Send {
    let length = reader.length();
    let taken = reader.take().ok_or_else(|| {
        io::Error::other(
            "a file's reader (`File::from_reader`) was read by an earlier request: a reader is \
             sent once",
        )
    });
    stream::try_unfold((taken, 0_u64), move |(taken, sent)| async move {
        let mut reader = taken?;
        if sent == length {
            return Ok(None);
        }
        let want = usize::try_from(length - sent).map_or(CHUNK, |left| left.min(CHUNK));
        let mut chunk = vec![0; want];
        let read = reader.read(&mut chunk).await?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "a file's reader ended after {sent} of the {length} bytes it was said to hold"
                ),
            ));
        }
        chunk.truncate(read);
        let sent = sent + read as u64;
        Ok(Some((chunk, (Ok(reader), sent))))
    })
}

/// An error that names the file it is about.
fn read_error(path: &std::path::Path, error: &io::Error) -> io::Error {
    io::Error::new(
        error.kind(),
        format!("the file `{}` could not be read: {error}", path.display()),
    )
}
