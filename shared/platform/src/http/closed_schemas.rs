//! Request enums tagged by a field (`#[serde(tag = "kind", deny_unknown_fields)]`) are
//! documented by utoipa as a `oneOf` of objects that allow any other property, while serde
//! refuses one. `#[schema(schema_with = closed_variants::<RuleBody>)]` on the field that holds
//! such an enum documents it with every variant closed (`additionalProperties: false`), as the
//! server reads it.

use utoipa::PartialSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, Schema};

/// `T`'s schema with each object variant of its `oneOf` closed to other properties.
pub fn closed_variants<T: PartialSchema>() -> RefOr<Schema> {
    let mut schema = T::schema();
    if let RefOr::T(Schema::OneOf(one_of)) = &mut schema {
        for variant in &mut one_of.items {
            if let RefOr::T(Schema::Object(object)) = variant {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use utoipa::ToSchema;

    #[derive(Deserialize, ToSchema)]
    #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
    #[expect(dead_code, reason = "the variants exist only to be documented")]
    enum Shape {
        Circle { radius: u32 },
        Square { side: u32 },
    }

    #[test]
    fn every_variant_is_closed() {
        let RefOr::T(Schema::OneOf(one_of)) = closed_variants::<Shape>() else {
            panic!("a tagged enum is a oneOf");
        };
        assert_eq!(one_of.items.len(), 2);
        for variant in &one_of.items {
            let RefOr::T(Schema::Object(object)) = variant else {
                panic!("each variant is an object");
            };
            assert!(matches!(
                object.additional_properties.as_deref(),
                Some(AdditionalProperties::FreeForm(false))
            ));
        }
    }
}
