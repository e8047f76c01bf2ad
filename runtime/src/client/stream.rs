//! Streamed responses: [`EventStream`], the typed items of an event stream as they arrive, and
//! [`ByteStream`], a download chunk by chunk. Each read waits at most the client's idle
//! timeout ([`ClientBuilder::idle_timeout`](super::ClientBuilder::idle_timeout)) for the next
//! bytes; dropping the stream drops the response, which closes the connection and so cancels
//! the request.

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;

use super::{format_duration, TransportError};
use crate::sse::{self, Decoder};
use crate::Deviation;

/// The body of a response as it arrives.
pub(super) type Body = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;

/// Why a streamed response yielded an error. After [`Event`](Self::Event) (the server's own
/// error, which it sends last), [`Unparsable`](Self::Unparsable) and [`Decode`](Self::Decode)
/// (which keep what they could not read), the stream goes on; after any other, it ends.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// An error the server sent as an event (`event: error`, or data with an `error` member
    /// that is not the item), with what it says.
    Event(sse::ErrorEvent),
    /// An event whose data is not the documented item: the event, whole, and why.
    Unparsable(sse::Unparsable),
    /// A line of the stream that is not UTF-8, as received.
    Decode(sse::DecodeError),
    /// The body ended inside an event (what was pending is kept).
    Incomplete(sse::Incomplete),
    /// No bytes came for this long.
    Idle(Duration),
    /// The connection failed while the body was read.
    Transport(TransportError),
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Event(error) => error.fmt(f),
            StreamError::Unparsable(error) => error.fmt(f),
            StreamError::Decode(error) => error.fmt(f),
            StreamError::Incomplete(error) => error.fmt(f),
            StreamError::Idle(idle) => write!(
                f,
                "the stream stalled: no bytes for {}",
                format_duration(*idle)
            ),
            StreamError::Transport(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// The next chunk of `body`, or the error that ends the stream: a stall of `idle`, a
/// transport failure. `None` at the end of the body.
async fn next_chunk(body: &mut Body, idle: Duration) -> Option<Result<Bytes, StreamError>> {
    match tokio::time::timeout(idle, body.next()).await {
        Err(_elapsed) => Some(Err(StreamError::Idle(idle))),
        Ok(None) => None,
        Ok(Some(chunk)) => Some(chunk.map_err(StreamError::Transport)),
    }
}

/// The typed items of an event stream, as they arrive (a [`Stream`]): each event read by the
/// operation's reader (its data as the documented item type); the stream ends at the
/// document's sentinel (`[DONE]`), at the end of the body, or after an error that ends it
/// (see [`StreamError`]).
///
/// An event whose data strays from its schema is read leniently, as a whole response is (see
/// [`Deviation`]), and [`strays`](Self::strays) says which events did and how.
pub struct EventStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, StreamError>> + Send>>,
    strays: Arc<Mutex<Vec<StrayEvent>>>,
}

/// An event of an [`EventStream`] that strayed from the document, read leniently.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StrayEvent {
    /// Which event: 0 for the first item the stream gave.
    pub index: usize,
    /// Where its data strayed, each place a JSON pointer into the data.
    pub deviations: Vec<Deviation>,
}

/// How an event becomes an item: `Ok(None)` at the sentinel.
pub type ReadEvent<T> = fn(sse::Event) -> Result<Option<T>, sse::ReadError>;

/// What an [`EventStream`] holds between items.
struct Events<T> {
    body: Body,
    decoder: Decoder,
    idle: Duration,
    read: ReadEvent<T>,
    done: bool,
    /// How many items it gave.
    given: usize,
    strays: Arc<Mutex<Vec<StrayEvent>>>,
}

impl<T: Send + 'static> EventStream<T> {
    /// The items of `body`, each event read by `read`, each wait for bytes at most `idle`.
    pub(super) fn new(body: Body, idle: Duration, read: ReadEvent<T>) -> Self {
        let strays = Arc::new(Mutex::new(Vec::new()));
        let state = Events {
            body,
            decoder: Decoder::new(),
            idle,
            read,
            done: false,
            given: 0,
            strays: Arc::clone(&strays),
        };
        let inner = futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if state.done {
                    return None;
                }
                if let Some(event) = state.decoder.next_event() {
                    let item = match event {
                        Err(error) => Err(StreamError::Decode(error)),
                        Ok(event) => match state.read_event(event) {
                            Ok(Some(item)) => Ok(item),
                            // The sentinel: the stream is over.
                            Ok(None) => return None,
                            Err(sse::ReadError::Error(error)) => Err(StreamError::Event(error)),
                            Err(sse::ReadError::Unparsable(error)) => {
                                Err(StreamError::Unparsable(error))
                            }
                        },
                    };
                    return Some((item, state));
                }
                match next_chunk(&mut state.body, state.idle).await {
                    Some(Ok(chunk)) => state.decoder.feed(&chunk),
                    Some(Err(error)) => {
                        state.done = true;
                        return Some((Err(error), state));
                    }
                    None => {
                        state.done = true;
                        let decoder = std::mem::take(&mut state.decoder);
                        return match decoder.finish() {
                            Ok(()) => None,
                            Err(cut) => Some((Err(StreamError::Incomplete(cut)), state)),
                        };
                    }
                }
            }
        });
        EventStream {
            inner: Box::pin(inner),
            strays,
        }
    }

    /// The events so far whose data strayed from the document, in order (read leniently,
    /// each as far as it fits; see [`Deviation`]).
    pub fn strays(&self) -> Vec<StrayEvent> {
        self.strays
            .lock()
            .map(|strays| strays.clone())
            .unwrap_or_default()
    }
}

impl<T> Events<T> {
    /// `event` read as an item, leniently: how it strayed is kept under its index.
    fn read_event(&mut self, event: sse::Event) -> Result<Option<T>, sse::ReadError> {
        let (read, deviations) = crate::collect(|| (self.read)(event));
        if let Ok(Some(_)) = read {
            if !deviations.is_empty() {
                if let Ok(mut strays) = self.strays.lock() {
                    strays.push(StrayEvent {
                        index: self.given,
                        deviations,
                    });
                }
            }
            self.given += 1;
        }
        read
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

/// A download as it arrives, chunk by chunk (a [`Stream`] of [`Bytes`]): it never holds more
/// than the chunk at hand. It ends at the end of the body, or after a stall
/// ([`StreamError::Idle`]) or a transport failure.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>,
}

impl ByteStream {
    /// The chunks of `body`, each wait for bytes at most `idle`.
    pub(super) fn new(body: Body, idle: Duration) -> Self {
        let inner = futures_util::stream::unfold(Some(body), move |body| async move {
            let mut body = body?;
            match next_chunk(&mut body, idle).await? {
                Ok(chunk) => Some((Ok(chunk), Some(body))),
                Err(error) => Some((Err(error), None)),
            }
        });
        ByteStream {
            inner: Box::pin(inner),
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}
