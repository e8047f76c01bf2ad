//! Recursion → `Box`: a type that holds itself by value, directly or through others, gets a box
//! on each by-value edge inside its cycle (edges through `Vec` or a map need none). An alias in
//! a cycle becomes a newtype (a cycle of aliases names no type).
//!
//! A cycle that no value can close (`A: {$ref: B}`, `B: {$ref: A}`; a union that is its own
//! member) is typed as any JSON value first: serde would read such a type forever.

use crate::ir::{Extra, TypeDef, TypeId, TypeKind, TypeRef};

/// Turns every type that holds itself through aliases, newtypes, `Option` and union members
/// alone (never inside a struct, a `Vec` or a map) into a newtype of any JSON value, and
/// returns their indices. Reading one would never end: each step reads the same input again
/// without consuming any (a stack overflow on the first value).
pub(super) fn untype_empty_cycles(types: &mut [TypeDef]) -> Vec<usize> {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            match &def.kind {
                TypeKind::Newtype(ty) | TypeKind::Alias(ty) => collect_by_value(ty, &mut out),
                TypeKind::Union { variants, .. } => variants
                    .iter()
                    .for_each(|v| collect_by_value(&v.ty, &mut out)),
                TypeKind::Struct { .. } | TypeKind::Enum { .. } | TypeKind::Const(_) => {}
            }
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut sizes = vec![0_usize; types.len()];
    for &c in &component {
        sizes[c] += 1;
    }
    let cyclic: Vec<usize> = (0..types.len())
        .filter(|&index| sizes[component[index]] > 1 || edges[index].contains(&index))
        .collect();
    for &index in &cyclic {
        types[index].kind = TypeKind::Newtype(TypeRef::Json);
    }
    cyclic
}

/// Boxes every by-value reference that closes a cycle.
pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| by_value_targets(&def.kind))
        .collect();
    let component = strongly_connected(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        // An edge inside the strongly connected component of its source closes a cycle.
        let cyclic_edge = |id: TypeId| component.get(id.0) == Some(&component[index]);
        let rewrite = |ty: &mut TypeRef| box_by_value(ty, &cyclic_edge);
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| rewrite(&mut f.ty)),
            TypeKind::Union { variants, .. } => {
                variants.iter_mut().for_each(|v| rewrite(&mut v.ty))
            }
            TypeKind::Newtype(ty) => rewrite(ty),
            TypeKind::Alias(ty) => {
                let mut boxed = ty.clone();
                rewrite(&mut boxed);
                if boxed != *ty {
                    def.kind = TypeKind::Newtype(boxed);
                }
            }
            TypeKind::Enum { .. } | TypeKind::Const(_) => {}
        }
    }
}

/// The most types on a chain of types each holding the next in any way, each type of a cycle
/// counted once: the longest path through the strongly connected components, each weighing
/// as many types as it has. A value never nests deeper than that without repeating a type,
/// so neither do the compiler's checks of its type (auto traits, drop).
pub(super) fn nesting(types: &[TypeDef]) -> usize {
    let edges: Vec<Vec<usize>> = types.iter().map(|def| all_targets(&def.kind)).collect();
    let component = strongly_connected(&edges);
    let count = component.iter().max().map_or(0, |last| last + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, &c) in component.iter().enumerate() {
        members[c].push(index);
    }
    // Tarjan numbers a component after every component it reaches: in number order, what a
    // component reaches is known before it.
    let mut depth = vec![0_usize; count];
    for c in 0..count {
        let below = members[c]
            .iter()
            .flat_map(|&index| &edges[index])
            .filter_map(|&target| component.get(target))
            .filter(|&&target| target != c)
            .map(|&target| depth[target])
            .max()
            .unwrap_or(0);
        depth[c] = members[c].len() + below;
    }
    depth.into_iter().max().unwrap_or(0)
}

/// Every type a kind holds, in any way.
fn all_targets(kind: &TypeKind) -> Vec<usize> {
    fn collect(ty: &TypeRef, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(id) => out.push(id.0),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => collect(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields, extra } => {
            fields.iter().for_each(|f| collect(&f.ty, &mut out));
            if let Extra::Typed { ty, .. } = extra {
                collect(ty, &mut out);
            }
        }
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| collect(&v.ty, &mut out)),
        TypeKind::Newtype(ty) | TypeKind::Alias(ty) => collect(ty, &mut out),
        TypeKind::Enum { .. } | TypeKind::Const(_) => {}
    }
    out
}

/// Types a kind holds by value (not behind `Vec`, a map or a `Box`).
fn by_value_targets(kind: &TypeKind) -> Vec<usize> {
    let mut out = Vec::new();
    let mut visit = |ty: &TypeRef| collect_by_value(ty, &mut out);
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| visit(&f.ty)),
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| visit(&v.ty)),
        TypeKind::Newtype(ty) | TypeKind::Alias(ty) => visit(ty),
        TypeKind::Enum { .. } | TypeKind::Const(_) => {}
    }
    out
}

fn collect_by_value(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Option(inner) => collect_by_value(inner, out),
        _ => {}
    }
}

fn box_by_value(ty: &mut TypeRef, cyclic: &impl Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Named(id) if cyclic(*id) => *ty = TypeRef::Box(Box::new(TypeRef::Named(*id))),
        TypeRef::Option(inner) => box_by_value(inner, cyclic),
        _ => {}
    }
}

/// Tarjan's algorithm, iterative (a deep chain of types must not overflow the stack): the
/// component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if target >= n {
                    continue;
                }
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Field;

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            wire: name.into(),
            doc: None,
            ty,
            required: true,
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: None,
            origin: String::new(),
            kind: TypeKind::Struct {
                fields,
                extra: Extra::Deny,
            },
        }
    }

    fn opt(ty: TypeRef) -> TypeRef {
        TypeRef::Option(Box::new(ty))
    }

    #[test]
    fn boxes_self_and_mutual_recursion_but_not_vec_edges() {
        let mut types = vec![
            // Node { parent: Option<Node>, children: Vec<Node> }
            strukt(
                "Node",
                vec![
                    field("parent", opt(TypeRef::Named(TypeId(0)))),
                    field(
                        "children",
                        TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0)))),
                    ),
                ],
            ),
            // A { b: Option<B> }, B { a: Option<A> }
            strukt("A", vec![field("b", opt(TypeRef::Named(TypeId(2))))]),
            strukt("B", vec![field("a", opt(TypeRef::Named(TypeId(1))))]),
            // C { a: A }: not in a cycle itself.
            strukt("C", vec![field("a", TypeRef::Named(TypeId(1)))]),
        ];
        box_cycles(&mut types);
        let ty = |t: usize, f: usize| match &types[t].kind {
            TypeKind::Struct { fields, .. } => fields[f].ty.clone(),
            _ => unreachable!(),
        };
        let boxed = |id| opt(TypeRef::Box(Box::new(TypeRef::Named(TypeId(id)))));
        assert_eq!(ty(0, 0), boxed(0));
        assert_eq!(ty(0, 1), TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0)))));
        assert_eq!(ty(1, 0), boxed(2));
        assert_eq!(ty(2, 0), boxed(1));
        assert_eq!(ty(3, 0), TypeRef::Named(TypeId(1)));
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 100_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let component = strongly_connected(&edges);
        assert!(component.iter().all(|c| *c == component[0]));
    }

    #[test]
    fn nesting_is_the_longest_chain_with_each_type_of_a_cycle_once() {
        let named = |id| TypeRef::Named(TypeId(id));
        let types = vec![
            // 0 → {1, 2} (a cycle, through a Vec and a map) → 3; and 0 → 3 directly.
            strukt("Top", vec![field("a", named(1)), field("d", opt(named(3)))]),
            strukt("A", vec![field("b", TypeRef::Vec(Box::new(named(2))))]),
            strukt(
                "B",
                vec![
                    field("a", TypeRef::Map(Box::new(named(1)))),
                    field("leaf", opt(TypeRef::Box(Box::new(named(3))))),
                ],
            ),
            strukt("Leaf", vec![field("n", TypeRef::I64)]),
            // A type alone, in a cycle with itself: one.
            strukt("Node", vec![field("next", opt(named(4)))]),
        ];
        assert_eq!(nesting(&types), 4);
        assert_eq!(nesting(&types[3..4]), 1);
        assert_eq!(nesting(&[]), 0);
        let chain: Vec<TypeDef> = (0..50_000)
            .map(|i| strukt("T", vec![field("next", opt(named(i + 1)))]))
            .collect();
        // The last one refers past the end: it is not a type here.
        assert_eq!(nesting(&chain), 50_000);
    }
}
