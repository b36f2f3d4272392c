//! Views that flatten a request type (`#[serde(flatten)] details: GroupDetails`) are documented
//! by utoipa as `allOf: [GroupDetails, {the view's own fields}]`. A request type refuses unknown
//! fields, so its schema says `additionalProperties: false` — and in JSON Schema that keyword,
//! inside an `allOf`, forbids every property the other members add: the view's own responses
//! would not match it. Here each such member becomes an inline copy without that keyword; the
//! request type keeps its strict schema wherever it is used on its own.

use std::collections::BTreeMap;

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

/// Opens the closed members of every `allOf` in `document`'s component schemas, wherever it
/// sits: a component itself, or inlined into another (a page of views, a property, an item).
pub fn open_flattened_members(document: &mut OpenApi) {
    let Some(components) = document.components.as_mut() else {
        return;
    };
    let originals = components.schemas.clone();
    for schema in components.schemas.values_mut() {
        open_within(schema, &originals);
    }
}

fn open_within(schema: &mut RefOr<Schema>, originals: &BTreeMap<String, RefOr<Schema>>) {
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::AllOf(all_of) => {
            for member in &mut all_of.items {
                open_member(member, originals);
                open_within(member, originals);
            }
        }
        Schema::OneOf(one_of) => one_of
            .items
            .iter_mut()
            .for_each(|item| open_within(item, originals)),
        Schema::AnyOf(any_of) => any_of
            .items
            .iter_mut()
            .for_each(|item| open_within(item, originals)),
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                open_within(items, originals);
            }
        }
        Schema::Object(object) => {
            for property in object.properties.values_mut() {
                open_within(property, originals);
            }
            if let Some(extra) = object.additional_properties.as_deref_mut()
                && let AdditionalProperties::RefOr(extra) = extra
            {
                open_within(extra, originals);
            }
        }
        _ => {}
    }
}

/// A member that refers to a closed object becomes an open inline copy of it.
fn open_member(member: &mut RefOr<Schema>, originals: &BTreeMap<String, RefOr<Schema>>) {
    let RefOr::Ref(reference) = member else {
        return;
    };
    let name = reference
        .ref_location
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let Some(RefOr::T(Schema::Object(target))) = originals.get(name) else {
        return;
    };
    if target.additional_properties.is_some() {
        let mut open = target.clone();
        open.additional_properties = None;
        *member = RefOr::T(Schema::Object(open));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, ObjectBuilder, Type};
    use utoipa::openapi::{ComponentsBuilder, Ref};

    #[test]
    fn a_closed_member_of_an_all_of_is_inlined_open() {
        let details = ObjectBuilder::new()
            .property("name", ObjectBuilder::new().schema_type(Type::String))
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
            .build();
        let view = AllOfBuilder::new()
            .item(Ref::from_schema_name("Details"))
            .item(
                ObjectBuilder::new().property("id", ObjectBuilder::new().schema_type(Type::String)),
            )
            .build();
        let page = ObjectBuilder::new()
            .property(
                "items",
                ArrayBuilder::new().items(RefOr::T(Schema::AllOf(view.clone()))),
            )
            .build();
        let mut document = OpenApi::default();
        document.components = Some(
            ComponentsBuilder::new()
                .schema("Details", details)
                .schema("View", Schema::AllOf(view))
                .schema("Page", page)
                .build(),
        );
        open_flattened_members(&mut document);
        let schemas = &document.components.as_ref().expect("components").schemas;
        let RefOr::T(Schema::AllOf(view)) = &schemas["View"] else {
            panic!("the view is an allOf");
        };
        let RefOr::T(Schema::Object(member)) = &view.items[0] else {
            panic!("the member is inlined");
        };
        assert!(member.additional_properties.is_none());
        assert!(member.properties.contains_key("name"));
        let RefOr::T(Schema::Object(page)) = &schemas["Page"] else {
            panic!("the page is an object");
        };
        let RefOr::T(Schema::Array(items)) = &page.properties["items"] else {
            panic!("items is an array");
        };
        let ArrayItems::RefOrSchema(item) = &items.items else {
            panic!("the array has items");
        };
        let RefOr::T(Schema::AllOf(inlined)) = item.as_ref() else {
            panic!("the item is the inlined allOf");
        };
        assert!(
            matches!(&inlined.items[0], RefOr::T(Schema::Object(open)) if open.additional_properties.is_none()),
            "an allOf inlined into a page is opened too"
        );
        let RefOr::T(Schema::Object(details)) = &schemas["Details"] else {
            panic!("details is an object");
        };
        assert!(
            details.additional_properties.is_some(),
            "the request type stays strict"
        );
    }
}
