//! The runtime's public face: what a user's `cargo doc` shows of `vendor_runtime` (re-exported as
//! `vendor_api::runtime`). The plumbing generated code calls is public, as it must be, but hidden
//! from the docs; what a user calls is not.

use std::fs;

/// Items of `vendor_runtime` that only generated code calls.
const PLUMBING: &[&str] = &[
    "object",
    "Fields",
    "read_object",
    "next_key",
    "Key",
    "field",
    "take",
    "keep",
    "keep_as",
    "deny",
    "read_str",
    "Union",
    "Shape",
    "one_of",
    "fit",
    "Response",
    "reported_error",
    "message_of",
    "one_line",
    "summary",
    "param_text",
    "open_enum",
    "closed_enum",
];

/// Items a user calls or matches on.
const USER: &[&str] = &[
    "ApiKey",
    "BaseUrl",
    "RequestBuilder",
    "RequestError",
    "Unexpected",
    "ReportedError",
    "parse_json",
    "is_success",
    "ApiError",
    "message_in",
    "ResponseMeta",
    "WithMeta",
    "retry_after",
];

fn is_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string() == "hidden")
    })
}

/// Each name a `use` tree brings in.
fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => names(&path.tree, out),
        syn::UseTree::Name(name) => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|item| names(item, out)),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
    }
}

#[test]
fn plumbing_is_hidden_from_the_docs_and_the_rest_is_not() {
    let src = vendor_tests::repo_root().join("runtime/src");
    // Name → whether it is hidden, for every public re-export and exported macro.
    let mut public: Vec<(String, bool)> = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let file = syn::parse_file(&fs::read_to_string(&path).unwrap()).unwrap();
        for item in &file.items {
            match item {
                syn::Item::Use(item)
                    if matches!(item.vis, syn::Visibility::Public(_))
                        && path.ends_with("lib.rs") =>
                {
                    let mut found = Vec::new();
                    names(&item.tree, &mut found);
                    let hidden = is_hidden(&item.attrs);
                    public.extend(found.into_iter().map(|name| (name, hidden)));
                }
                syn::Item::Macro(item)
                    if item
                        .attrs
                        .iter()
                        .any(|attr| attr.path().is_ident("macro_export")) =>
                {
                    let name = item
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    public.push((name, is_hidden(&item.attrs)));
                }
                _ => {}
            }
        }
    }
    for name in PLUMBING {
        let found: Vec<bool> = public
            .iter()
            .filter(|(public, _)| public == name)
            .map(|(_, hidden)| *hidden)
            .collect();
        assert_eq!(found, [true], "`{name}` must be public once, and hidden");
    }
    for name in USER {
        let found: Vec<bool> = public
            .iter()
            .filter(|(public, _)| public == name)
            .map(|(_, hidden)| *hidden)
            .collect();
        assert_eq!(found, [false], "`{name}` must be public once, in the docs");
    }
    // Anything public and hidden is plumbing this test knows of.
    for (name, hidden) in &public {
        assert!(
            !hidden || PLUMBING.contains(&name.as_str()),
            "`{name}` is hidden"
        );
    }
}
