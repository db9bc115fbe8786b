//! The `#[cfg(feature = ...)]` of items compiled with some features only (see
//! `model::features`): added to the items an emitter writes for one operation or one type,
//! so that the emitters themselves need not know about features.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::model::{union, Api, Features, Gate};

/// `#[cfg(feature = "tag-repos")]`, or `#[cfg(any(feature = ..., ...))]`; `None` for an
/// item that is always compiled.
pub fn cfg(api: &Api, gate: &Gate) -> Option<syn::Attribute> {
    let features = api.features.as_ref()?;
    let names: Vec<&str> = gate
        .as_ref()?
        .iter()
        .map(|&f| features.names[f].as_str())
        .collect();
    let condition = match names.as_slice() {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    };
    Some(syn::parse_quote!(#[cfg(#condition)]))
}

/// The gate of the definition `id`; `None` when the crate has no tag features.
pub fn of_type(api: &Api, id: usize) -> Gate {
    api.features.as_ref()?.types[id].clone()
}

/// The gate of a type reference (that of the definitions it names); `None` when the crate
/// has no tag features.
pub fn of_ref(api: &Api, ty: &crate::model::TypeRef) -> Gate {
    api.features.as_ref()?.of_type(ty)
}

/// The gate of the operation at `index`; `None` when the crate has no tag features.
pub fn of_operation(api: &Api, index: usize) -> Gate {
    api.features.as_ref()?.operations[index].clone()
}

/// The features that compile one of the items `pick` chooses among those `list` gives
/// gates for (`|f| &f.types` or `|f| &f.operations`; see `model::features::union`); `None`
/// when the crate has no tag features.
pub fn union_of(
    api: &Api,
    list: impl Fn(&Features) -> &[Gate],
    pick: impl Fn(usize) -> bool,
) -> Gate {
    let gates = list(api.features.as_ref()?);
    union(
        gates
            .iter()
            .enumerate()
            .filter(|&(i, _)| pick(i))
            .map(|(_, gate)| gate),
    )
}

/// `items` (items of a module), each with the `cfg` attribute: for the few items emitted
/// outside a file's per-type and per-operation pieces (an import, a constant), which the
/// formatter gates itself (see [`super::Gated`]).
pub fn items(cfg: Option<syn::Attribute>, items: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else {
        return items;
    };
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(mut file) => {
            on_items(&cfg, &mut file.items);
            file.items.iter().map(ToTokens::to_token_stream).collect()
        }
        // Not items: left as they are, for the formatter to report.
        Err(_) => items,
    }
}

/// Puts `cfg` on each of `items` (items of a module).
pub fn on_items(cfg: &syn::Attribute, items: &mut [syn::Item]) {
    for item in items {
        if let Some(attrs) = item_attrs(item) {
            insert(attrs, cfg.clone());
        }
    }
}

/// Puts `cfg` on each of `items` (items of an `impl` block).
pub fn on_impl_items(cfg: &syn::Attribute, items: &mut [syn::ImplItem]) {
    for item in items {
        let attrs = match item {
            syn::ImplItem::Fn(f) => &mut f.attrs,
            syn::ImplItem::Const(c) => &mut c.attrs,
            syn::ImplItem::Type(t) => &mut t.attrs,
            _ => continue,
        };
        insert(attrs, cfg.clone());
    }
}

/// After the item's docs, before its other attributes.
fn insert(attrs: &mut Vec<syn::Attribute>, cfg: syn::Attribute) {
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.insert(at, cfg);
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}
