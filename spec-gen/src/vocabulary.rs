//! The vocabulary of the model: the constrained values every body is made of, each defined once.
//!
//! | value | Rust type | schema marker | constraints in the document |
//! |---|---|---|---|
//! | identifier | `String` | `format = "identifier"` | `minLength:` [`IDENTIFIER_MIN_LENGTH`] |
//! | E.164 phone number | `String` | `format = "e164"` | `pattern:` [`E164_PATTERN`] |
//! | e-mail address | `String` | `format = Email` | `format: email` (the registry's own) |
//! | amount | [`Amount`] | `format = "amount"` | `type: number`, ±[`AMOUNT_MAX_MAGNITUDE`] |
//! | non-negative amount | [`Amount`] | `format = "non-negative-amount"` | `type: number`, 0 to [`AMOUNT_MAX_MAGNITUDE`] |
//! | count (of days, of invoices) | [`Count`] | `format = "count"` | `type: integer`, `format: int64`, `minimum: 0` |
//!
//! utoipa's attributes take only literals, so a field names its value by a marker format, and
//! [`Vocabulary`], a step of the document, replaces each marker with the constraints, read from the
//! constants here. The same step constrains path parameters. The mock server validates bodies
//! against the document, so these constraints are also its validation; [`Amount`] (from
//! [`bluetape_amount`], shared with the client) and [`Count`] carry the serde rules of their
//! numbers, and [`Amount`] also checks its range exactly, digit for digit.

use std::fmt;

pub use bluetape_amount::{
    AMOUNT_MAX_MAGNITUDE, Amount, DECIMAL_MAX_SCALE, amount_max_magnitude_f64,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::openapi::path::Parameter;
use utoipa::openapi::schema::{
    AllOf, ArrayItems, KnownFormat, Object, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Components, Ref, RefOr};
use utoipa::{Modify, Number};

use crate::wire;

/// The shortest identifier (of a company or a customer, in the body or the path): not empty.
pub const IDENTIFIER_MIN_LENGTH: usize = 1;
/// E.164 phone number: `+` and up to 15 digits, the first not zero.
pub const E164_PATTERN: &str = r"^\+[1-9][0-9]{1,14}$";
/// Declares a number of the vocabulary: a newtype, written as its inner number and read by
/// `$read` (the serde rule of that kind of number).
macro_rules! number {
    ($(#[$doc:meta])* $name:ident($inner:ty), read by $read:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $read(deserializer).map($name)
            }
        }

        impl From<$inner> for $name {
            fn from(value: $inner) -> Self {
                $name(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }
    };
}

number!(
    /// A count (of days, of invoices): a whole number, read as JSON Schema reads integers (`5`,
    /// `5.0` and `5e0` are all 5; see [`wire::parse_integer`]).
    Count(i64), read by wire::integer
);

/// A term: the marker the model's attributes write, and what puts its constraints in its place.
pub type Term = (&'static str, fn(&mut Object));

/// The terms a schema marker names (`#[schema(format = "…")]`), each with the constraints that
/// replace it in the document.
pub const TERMS: [Term; 5] = [
    ("identifier", |object| {
        object.min_length = Some(IDENTIFIER_MIN_LENGTH);
    }),
    ("e164", |object| {
        object.pattern = Some(E164_PATTERN.to_owned())
    }),
    ("amount", |object| {
        number(object, (-amount_max_magnitude_f64()).into())
    }),
    ("non-negative-amount", |object| number(object, 0.into())),
    ("count", |object| {
        object.schema_type = SchemaType::Type(Type::Integer);
        object.format = Some(SchemaFormat::KnownFormat(KnownFormat::Int64));
        object.minimum = Some(0.into());
    }),
];

/// A bare number between `minimum` and the largest amount: generators map it to their decimal
/// type (Java's `BigDecimal`); any format, `double` included, would make it a float or a warning.
fn number(object: &mut Object, minimum: Number) {
    object.schema_type = SchemaType::Type(Type::Number);
    object.minimum = Some(minimum);
    object.maximum = Some(amount_max_magnitude_f64().into());
}

/// The document step that turns every marker into its constraints, in the component schemas and
/// in the path parameters, and merges the `allOf` that a flattened group of fields
/// (`#[serde(flatten)]`) becomes into one object, as if its fields were declared in place.
pub struct Vocabulary;

impl Modify for Vocabulary {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(Components { schemas, .. }) = openapi.components.as_mut() {
            for schema in schemas.values_mut() {
                merge_flattened(schema);
                constrain(schema);
            }
        }
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for parameter in operation.parameters.iter_mut().flatten() {
                    constrain_parameter(parameter);
                }
            }
        }
    }
}

fn constrain_parameter(parameter: &mut RefOr<Parameter>) {
    if let RefOr::T(Parameter {
        schema: Some(schema),
        ..
    }) = parameter
    {
        constrain(schema);
    }
}

fn constrain(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::T(Schema::Object(object)) => {
            let term = TERMS.iter().find(|(marker, _)| {
                matches!(&object.format, Some(SchemaFormat::Custom(format)) if format == marker)
            });
            if let Some((_, constrain)) = term {
                object.format = None;
                constrain(object);
            }
            object.properties.values_mut().for_each(constrain);
        }
        RefOr::T(Schema::Array(array)) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                constrain(items);
            }
        }
        RefOr::T(Schema::AllOf(AllOf { items, .. })) => items.iter_mut().for_each(constrain),
        _ => {}
    }
}

/// utoipa writes a struct with a flattened field as `allOf: [the field's object, the struct's own
/// object]`. Generators render such an `allOf` poorly (a class per part, or an intersection type),
/// so it becomes the one object it means. Fields keep the model's order: the struct's required
/// fields (its identity: `id`), then the flattened group, then its optional fields.
fn merge_flattened(schema: &mut RefOr<Schema>) {
    let RefOr::T(Schema::AllOf(all_of)) = schema else {
        return;
    };
    let mut parts: Vec<Object> = Vec::with_capacity(all_of.items.len());
    if !inline_objects(&all_of.items, &mut parts) {
        return;
    }
    let Some((own, groups)) = parts.split_last() else {
        return;
    };
    let mut merged = Object::with_type(Type::Object);
    merged.title = all_of.title.clone();
    merged.description = all_of.description.clone();
    merged.example = all_of.example.clone();
    merged.examples = all_of.examples.clone();
    merged.extensions = all_of.extensions.clone();
    let (identity, extras): (Vec<_>, Vec<_>) = own
        .properties
        .iter()
        .partition(|(name, _)| own.required.contains(name));
    for (name, property) in identity {
        merged.properties.insert(name.clone(), property.clone());
        merged.required.push(name.clone());
    }
    for group in groups {
        merged.properties.extend(group.properties.clone());
        merged.required.extend(group.required.iter().cloned());
    }
    for (name, property) in extras {
        merged.properties.insert(name.clone(), property.clone());
    }
    *schema = RefOr::T(Schema::Object(merged));
}

/// Collects the objects of an `allOf`, looking into nested ones (utoipa wraps a flattened field
/// that has a doc comment in one more `allOf`, with an object that holds only the comment). False
/// when an item is not an inline object: only inline groups are merged.
fn inline_objects(items: &[RefOr<Schema>], objects: &mut Vec<Object>) -> bool {
    items.iter().all(|item| match item {
        RefOr::T(Schema::Object(object)) => {
            objects.push(object.clone());
            true
        }
        RefOr::T(Schema::AllOf(nested)) => inline_objects(&nested.items, objects),
        RefOr::T(_) | RefOr::Ref(Ref { .. }) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::TERMS;

    /// Every marker in the model is replaced, and no number is a float. (The snapshots pin the
    /// constraints that replace the markers.)
    #[test]
    fn no_marker_reaches_the_document() {
        let document = serde_json::to_string(&crate::openapi()).unwrap();
        // A number without its marker would reach generators as a float.
        let floats = ["double", "float"];
        for format in TERMS.map(|(marker, _)| marker).iter().chain(&floats) {
            let found = document.contains(&format!("\"format\":\"{format}\""));
            assert!(!found, "format {format} in the document");
        }
    }
}
