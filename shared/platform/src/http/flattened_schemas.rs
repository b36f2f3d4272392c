//! Views that flatten a request type (`#[serde(flatten)] details: GroupDetails`) are documented
//! by utoipa as `allOf: [GroupDetails, {the view's own fields}]`. A request type refuses unknown
//! fields, so its schema says `additionalProperties: false` — and in JSON Schema that keyword,
//! inside an `allOf`, forbids every property the other members add: the view's own responses
//! would not match it. Here each such member becomes an inline copy without that keyword; the
//! request type keeps its strict schema wherever it is used on its own.

use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

/// Opens the closed members of every component's `allOf` in `document`.
pub fn open_flattened_members(document: &mut OpenApi) {
    let Some(components) = document.components.as_mut() else {
        return;
    };
    let originals = components.schemas.clone();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::AllOf(all_of)) = schema else {
            continue;
        };
        for member in &mut all_of.items {
            let RefOr::Ref(reference) = member else {
                continue;
            };
            let name = reference
                .ref_location
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let Some(RefOr::T(Schema::Object(target))) = originals.get(name) else {
                continue;
            };
            if target.additional_properties.is_some() {
                let mut open = target.clone();
                open.additional_properties = None;
                *member = RefOr::T(Schema::Object(open));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::schema::{AdditionalProperties, AllOfBuilder, ObjectBuilder, Type};
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
        let mut document = OpenApi::default();
        document.components = Some(
            ComponentsBuilder::new()
                .schema("Details", details)
                .schema("View", Schema::AllOf(view))
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
        let RefOr::T(Schema::Object(details)) = &schemas["Details"] else {
            panic!("details is an object");
        };
        assert!(
            details.additional_properties.is_some(),
            "the request type stays strict"
        );
    }
}
