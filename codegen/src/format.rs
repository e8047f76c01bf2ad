//! Stage 5: tokens → formatted source text with an `@generated` header.

use crate::emit::{Piece, Pieces};
use proc_macro2::{Literal, TokenStream};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the header of a generated file says.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The spec file it was generated from.
    pub spec: &'a str,
    /// The command that regenerates it.
    pub command: &'a str,
}

/// How many pieces of a file one worker emits and formats at a time.
const CHUNK: usize = 24;

/// Formats `tokens` with prettyplease and puts `header` on top.
///
/// Tokens that do not parse as a file are a bug of the emitter: the result is then a file
/// holding one `compile_error!` that says so, so the failure is loud where the file is used.
pub fn format(tokens: TokenStream, header: &Header) -> String {
    with_header(&unparse(tokens), header)
}

/// Emits and formats each of `files` with `header` on top, chunk by chunk on every core.
///
/// Each chunk of a file's pieces is emitted, parsed and printed by one worker, the workers
/// taking the chunks of all files in turn, and each file's chunks are joined in order, so the
/// text is the same on any number of cores (prettyplease prints each item, and each member of
/// a block, on its own, so a chunk boundary changes nothing). Memory stays bounded by a
/// chunk's tokens and syntax tree, not a whole file's.
pub fn format_files<const N: usize>(files: [&dyn Pieces; N], header: &Header) -> [String; N] {
    // Every chunk of every file, by (file, first piece, end).
    let chunks: Vec<(usize, Range<usize>)> = files
        .iter()
        .enumerate()
        .flat_map(|(file, pieces)| {
            let len = pieces.count();
            (0..len)
                .step_by(CHUNK)
                .map(move |start| (file, start..(start + CHUNK).min(len)))
        })
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(chunks.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some((file, range)) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
            let pieces = files[*file];
            done.push((
                (*file, range.start),
                texts(range.clone().map(|index| pieces.piece(index))),
            ));
        }
        done
    };
    let mut texts = if workers > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    std::thread::Builder::new()
                        // As deep as the thread the pipeline runs on: syn recurses per level.
                        .stack_size(crate::PIPELINE_STACK)
                        .spawn_scoped(scope, work)
                })
                .collect();
            let mut texts = Vec::new();
            for handle in handles {
                match handle {
                    Ok(handle) => match handle.join() {
                        Ok(done) => texts.extend(done),
                        // A bug: the caller reports it as a panic of the whole pipeline.
                        Err(panic) => std::panic::resume_unwind(panic),
                    },
                    // A worker that could not start took no chunk: what is left is done here.
                    Err(_) => texts.extend(work()),
                }
            }
            texts
        })
    } else {
        work()
    };
    texts.sort_by_key(|(at, _)| *at);
    let mut texts = texts.into_iter().peekable();
    std::array::from_fn(|file| {
        let mut of_file = Vec::new();
        while let Some((_, done)) = texts.next_if(|((of, _), _)| *of == file) {
            of_file.extend(done);
        }
        join(of_file, header)
    })
}

/// Formats `pieces` (a whole file, in order) with `header` on top, on this thread.
pub fn format_pieces(pieces: Vec<Piece>, header: &Header) -> String {
    join(texts(pieces.into_iter()), header)
}

/// The text of a run of pieces of one kind.
enum Text {
    /// Items of the module.
    Items(String),
    /// Members of the `impl` block the text before them ends with.
    Members(String),
}

/// `pieces` formatted, each run of pieces of one kind at once.
fn texts(pieces: impl Iterator<Item = Piece>) -> Vec<Text> {
    let mut texts = Vec::new();
    let mut run: Option<(bool, TokenStream)> = None;
    let flush = |run: Option<(bool, TokenStream)>, texts: &mut Vec<Text>| match run {
        Some((false, tokens)) => texts.push(Text::Items(unparse(tokens))),
        Some((true, tokens)) => texts.push(Text::Members(unparse_members(tokens))),
        None => {}
    };
    for piece in pieces {
        let (members, tokens) = match piece {
            Piece::Items(tokens) => (false, tokens),
            Piece::Members(tokens) => (true, tokens),
        };
        match &mut run {
            Some((kind, run)) if *kind == members => run.extend(tokens),
            _ => flush(run.replace((members, tokens)), &mut texts),
        }
    }
    flush(run, &mut texts);
    texts
}

/// The texts joined under `header`: members go inside the block (of an `impl` or a module)
/// that the text before them ends with.
fn join(texts: impl IntoIterator<Item = Text>, header: &Header) -> String {
    let texts: Vec<Text> = texts.into_iter().collect();
    let mut out = with_header("", header);
    out.reserve_exact(
        texts
            .iter()
            .map(|(Text::Items(text) | Text::Members(text))| text.len())
            .sum(),
    );
    for text in texts {
        match text {
            Text::Items(text) => out.push_str(&text),
            Text::Members(text) if text.is_empty() => {}
            // A block printed empty opens for its first members.
            Text::Members(text) if out.ends_with("{}\n") => {
                out.truncate(out.len() - "}\n".len());
                out.push('\n');
                out.push_str(&text);
                out.push_str("}\n");
            }
            Text::Members(text) if out.ends_with("}\n") => {
                out.insert_str(out.len() - "}\n".len(), &text);
            }
            // A bug of the emitter: said where the file is used.
            Text::Members(_) => out.push_str(
                "::std::compile_error!(\"vendor-codegen bug: members of a block without the \
                 block\");\n",
            ),
        }
    }
    out
}

/// The name of the `impl` block that members are formatted in, which is then taken away.
const MEMBERS_OF: &str = "impl Members {\n";

/// `tokens` (members of an `impl` block, or items of a module) formatted as they stand in
/// their block: printed inside an `impl Members` block whose first and last lines are then
/// taken away (prettyplease prints a function the same in either).
fn unparse_members(tokens: TokenStream) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    let text = unparse(quote::quote!(impl Members { #tokens }));
    match text
        .strip_prefix(MEMBERS_OF)
        .and_then(|members| members.strip_suffix("}\n"))
    {
        Some(members) => members.to_owned(),
        // Tokens that do not parse: their `compile_error!` stands as a member.
        None => text,
    }
}

/// `tokens` parsed as a file and printed by prettyplease, or a `compile_error!` naming the
/// emitter's bug when they do not parse.
fn unparse(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => {
            let message = format!("vendor-codegen bug: the emitted code does not parse: {error}");
            format!("::std::compile_error!({});\n", Literal::string(&message))
        }
    }
}

/// `body` under the `@generated` header.
fn with_header(body: &str, header: &Header) -> String {
    format!(
        "// This file is @generated by vendor-codegen from {}.\n\
         // Do not edit it: run `{}` to regenerate.\n\n{body}",
        one_line(header.spec),
        one_line(header.command),
    )
}

/// `text` with control characters (line breaks among them) turned into spaces, so it stays in
/// its comment.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    const HEADER: Header = Header {
        spec: "specs/x.md",
        command: "cargo xtask codegen",
    };

    #[test]
    fn formats_with_header() {
        let tokens = TokenStream::from_str("pub struct A { pub b : u8 }").unwrap();
        assert_eq!(
            format(tokens, &HEADER),
            "// This file is @generated by vendor-codegen from specs/x.md.\n\
             // Do not edit it: run `cargo xtask codegen` to regenerate.\n\n\
             pub struct A {\n    pub b: u8,\n}\n"
        );
    }

    #[test]
    fn members_go_into_the_impl_block_before_them() {
        let piece = |text: &str| TokenStream::from_str(text).unwrap();
        let whole = format(
            piece(
                "pub struct A; impl A { pub fn a() {} /// B.\n pub fn b(x: u8) -> u8 { x } \
                 pub const C: u8 = 1; } pub struct D;",
            ),
            &HEADER,
        );
        let pieces = vec![
            Piece::Items(piece("pub struct A; impl A { pub fn a() {} }")),
            Piece::Members(piece("/// B.\n pub fn b(x: u8) -> u8 { x }")),
            Piece::Members(TokenStream::new()),
            Piece::Members(piece("pub const C: u8 = 1;")),
            Piece::Items(piece("pub struct D;")),
        ];
        assert_eq!(format_pieces(pieces, &HEADER), whole);
        // A block printed empty (`mod m {}`) opens for its members.
        let pieces = vec![
            Piece::Items(piece("mod m {}")),
            Piece::Members(TokenStream::new()),
            Piece::Members(piece("#[test] fn t() {}")),
            Piece::Members(piece("fn u() {}")),
        ];
        assert_eq!(
            format_pieces(pieces, &HEADER),
            format(piece("mod m { #[test] fn t() {} fn u() {} }"), &HEADER)
        );
        let lost = format_pieces(vec![Piece::Members(piece("fn b() {}"))], &HEADER);
        assert!(
            lost.contains("compile_error!(\"vendor-codegen bug"),
            "{lost}"
        );
        let broken = format_pieces(
            vec![
                Piece::Items(piece("impl A {}")),
                Piece::Members(piece("fn fn")),
            ],
            &HEADER,
        );
        assert!(broken.contains("compile_error!"), "{broken}");
        syn::parse_file(&broken).unwrap();
    }

    #[test]
    fn header_stays_in_its_comment() {
        let header = Header {
            spec: "a\nfn evil() {}\r",
            command: "x",
        };
        let text = format(TokenStream::new(), &header);
        assert!(text
            .starts_with("// This file is @generated by vendor-codegen from a fn evil() {} .\n"));
        assert_eq!(
            text.lines().filter(|line| !line.starts_with("//")).count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_give_a_compile_error() {
        let tokens = TokenStream::from_str("struct struct").unwrap();
        let text = format(tokens, &HEADER);
        assert!(
            text.contains(
                "::std::compile_error!(\"vendor-codegen bug: the emitted code does not parse"
            ),
            "{text}"
        );
        syn::parse_file(&text).unwrap();
    }
}
