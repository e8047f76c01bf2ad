//! The event-stream decoder against the WHATWG rules, fed the same stream cut at random
//! points: the events must not depend on where the chunks end.

use proptest::prelude::*;
use vendor_runtime::sse::{Decoder, Event};

/// Every event of `chunks` fed in order, and whether the stream ended between events.
fn decode(chunks: &[&[u8]]) -> (Vec<Event>, bool) {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        decoder.feed(chunk);
        while let Some(event) = decoder.next_event() {
            events.push(event.expect("UTF-8"));
        }
    }
    (events, decoder.finish().is_ok())
}

/// A stream with every rule in it: a BOM, comments, CR, LF and CRLF, multi-line data,
/// `event:`, `id:`, `retry:`, a field without a colon, non-ASCII text split across bytes.
const STREAM: &[u8] = "\u{FEFF}: hello\r\nevent: delta\ndata: {\"t\":\"é€😀\"}\r\n\r\ndata: a\rdata:b\r\rid: 7\nretry: 100\ndata\n\n: ping\n\nevent: error\ndata: {\"error\":\"overloaded\"}\r\n\r\ndata: [DONE]\n\n".as_bytes();

fn expected() -> Vec<Event> {
    let event = |kind: &str, data: &str, id: Option<&str>| Event {
        event: kind.to_owned(),
        data: data.to_owned(),
        id: id.map(str::to_owned),
    };
    vec![
        event("delta", "{\"t\":\"é€😀\"}", None),
        event("message", "a\nb", None),
        event("message", "", Some("7")),
        event("error", "{\"error\":\"overloaded\"}", Some("7")),
        event("message", "[DONE]", Some("7")),
    ]
}

#[test]
fn whole() {
    assert_eq!(decode(&[STREAM]), (expected(), true));
}

#[test]
fn byte_by_byte() {
    let chunks: Vec<&[u8]> = STREAM.chunks(1).collect();
    assert_eq!(decode(&chunks), (expected(), true));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_split_gives_the_same_events(mut cuts in proptest::collection::vec(0..=STREAM.len(), 0..12)) {
        cuts.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for cut in cuts {
            chunks.push(&STREAM[start..cut]);
            start = cut;
        }
        chunks.push(&STREAM[start..]);
        prop_assert_eq!(decode(&chunks), (expected(), true));
    }

    #[test]
    fn a_stream_cut_anywhere_keeps_the_events_before_the_cut(cut in 0..STREAM.len()) {
        let (events, ended_cleanly) = decode(&[&STREAM[..cut]]);
        let all = expected();
        prop_assert!(all.starts_with(&events));
        // A clean end only between events (or in the BOM, comment and blank lines).
        if !ended_cleanly {
            prop_assert!(events.len() < all.len());
        }
    }
}
