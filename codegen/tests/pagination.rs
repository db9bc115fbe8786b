//! The pagination rule (`codegen/src/model/pagination.rs`) on a fixture with one operation
//! per style and operations that must not be taken for paged ones.

use codegen::model::{FieldPath, NextPage, OffsetUnit, Pagination, TypeRef};

fn paginations() -> Vec<(String, Option<Pagination>)> {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/pagination.yaml"
    );
    let built = codegen::Generator::new(spec)
        .model()
        .unwrap_or_else(|e| panic!("{e}"));
    built
        .api
        .operations
        .into_iter()
        .map(|op| (op.id, op.pagination))
        .collect()
}

fn of(id: &str) -> Option<Pagination> {
    paginations()
        .into_iter()
        .find(|(op, _)| op == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .1
}

fn path(p: &FieldPath) -> Vec<&str> {
    p.0.iter().map(|s| s.field.as_str()).collect()
}

#[test]
fn offset_paging_with_a_total() {
    let p = of("listOffsetThings").expect("paged");
    assert_eq!(path(&p.items), ["items"]);
    let NextPage::Offset {
        param,
        unit,
        size,
        total,
        ty,
        first,
    } = &p.next
    else {
        panic!("{:?}", p.next)
    };
    assert_eq!(
        (param.as_str(), *unit, size.as_str()),
        ("offset", OffsetUnit::Index, "limit")
    );
    assert_eq!(path(total.as_ref().expect("a total")), ["total"]);
    assert_eq!((ty, *first), (&TypeRef::I64, 0));
}

#[test]
fn page_numbers_over_a_bare_list() {
    let p = of("listNumberedThings").expect("paged");
    assert!(p.items.0.is_empty(), "the body is the list");
    assert!(matches!(
        &p.next,
        NextPage::Offset { param, unit: OffsetUnit::Page, total: None, first: 1, .. } if param == "page"
    ));
}

#[test]
fn hal_next_links_with_items_two_objects_down() {
    let p = of("listHalThings").expect("paged");
    assert_eq!(path(&p.items), ["embedded", "data", "things"]);
    let NextPage::HalLink { href } = &p.next else {
        panic!("{:?}", p.next)
    };
    assert_eq!(path(href), ["links", "next", "href"]);
    assert!(href.0[1].optional, "`next` is absent on the last page");
}

#[test]
fn link_headers() {
    let p = of("listLinkedThings").expect("paged");
    assert_eq!(p.next, NextPage::LinkHeader);
}

#[test]
fn cursors_one_object_down() {
    let p = of("listCursorThings").expect("paged");
    assert_eq!(path(&p.items), ["data"]);
    let NextPage::Cursor { param, cursor } = &p.next else {
        panic!("{:?}", p.next)
    };
    assert_eq!(param, "cursor");
    assert_eq!(path(cursor), ["meta", "next_cursor"]);
}

#[test]
fn has_more_and_the_last_id() {
    let p = of("listMoreThings").expect("paged");
    let NextPage::LastId {
        param,
        has_more,
        id_field,
    } = &p.next
    else {
        panic!("{:?}", p.next)
    };
    assert_eq!(param, "starting_after");
    assert_eq!(path(has_more), ["has_more"]);
    assert_eq!(id_field.field, "id");
}

#[test]
fn what_is_not_paged() {
    for id in [
        "createThings",
        "getThing",
        "listTwoLists",
        "listDatedThings",
    ] {
        assert_eq!(of(id), None, "{id} is not paged");
    }
}
