//! Stage 5: tokens → formatted source text with an `@generated` header.

use crate::emit::{Piece, Pieces};
use proc_macro2::{Literal, TokenStream};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What the header of a generated file says.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The spec file it was generated from.
    pub spec: &'a str,
    /// The command that regenerates it.
    pub command: &'a str,
}

/// Formats `tokens` with prettyplease and puts `header` on top.
///
/// Tokens that do not parse as a file are a bug of the emitter: the result is then a file
/// holding one `compile_error!` that says so, so the failure is loud where the file is used.
pub fn format(tokens: TokenStream, header: &Header) -> String {
    with_header(&unparse(tokens), header)
}

/// Emits and formats each of `files` with `header` on top, piece by piece on every core (this
/// thread and one more per other core).
///
/// Each piece is emitted, parsed and printed by one worker, the workers taking the pieces of
/// all files in turn, and each file's pieces are joined in order, so the text is the same on
/// any number of cores (prettyplease prints each item, and each member of a block, on its own).
/// Memory stays bounded by a piece's tokens and syntax tree, not a whole file's: each thread
/// keeps what it allocated at its largest.
pub fn format_files<const N: usize>(files: [&dyn Pieces; N], header: &Header) -> [String; N] {
    // Every piece of every file, by (file, piece).
    let pieces: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(file, pieces)| (0..pieces.count()).map(move |index| (file, index)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(pieces.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&(file, index)) = pieces.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(((file, index), text(files[file].piece(index))));
        }
        done
    };
    let mut texts = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .map(|_| {
                std::thread::Builder::new()
                    // As deep as the thread the pipeline runs on: syn recurses per level.
                    .stack_size(crate::PIPELINE_STACK)
                    .spawn_scoped(scope, work)
            })
            .collect();
        // This thread works too: the memory the stages before freed is reused by it (each
        // thread allocates from an arena of its own), and it takes every piece that a helper
        // which could not start would have taken.
        let mut texts = work();
        for helper in helpers.into_iter().flatten() {
            match helper.join() {
                Ok(done) => texts.extend(done),
                // A bug: the caller reports it as a panic of the whole pipeline.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        texts
    });
    texts.sort_by_key(|(at, _)| *at);
    let mut of_files: [Vec<Text>; N] = std::array::from_fn(|_| Vec::new());
    for ((file, _), text) in texts {
        of_files[file].push(text);
    }
    of_files.map(|texts| join(texts, header))
}

/// Formats `pieces` (a whole file, in order) with `header` on top, on this thread.
pub fn format_pieces(pieces: Vec<Piece>, header: &Header) -> String {
    join(texts(pieces.into_iter()), header)
}

/// The text of a piece, or of a run of pieces of one kind.
enum Text {
    /// Items of the module.
    Items(String),
    /// Members of the `impl` block the text before them ends with.
    Members(String),
}

/// `piece` formatted.
fn text(piece: Piece) -> Text {
    match piece {
        Piece::Items(tokens) => Text::Items(unparse(tokens)),
        Piece::Members(tokens) => Text::Members(unparse_members(tokens)),
    }
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
