//! How the embedded store encodes items. An item is written as a format byte followed by its
//! [postcard](https://docs.rs/postcard) encoding (postcard's wire format is specified and
//! stable across its 1.x releases) of [`Stored`], serde's derived layout of DynamoDB's
//! attribute types, with map entries in sorted order at every depth, so one item always
//! encodes to the same bytes (items are `HashMap`s, whose iteration order changes from run to
//! run). Numbers stay the decimal strings they were stored as.
//!
//! Stores written before the binary format hold DynamoDB's own JSON (`{"name": {"S": "Ada"}}`,
//! which always starts with `{`): those items still read, and are written in the binary format
//! the next time they change.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ports::table::{AttributeValue, Item, TableError};

/// The first byte of an item in the binary format.
const BINARY: u8 = 1;
/// The first byte of an item in DynamoDB's JSON (the format before the binary one).
const JSON: u8 = b'{';

/// An attribute value as the binary format stores it. The order of the variants is part of
/// the format (postcard writes a variant's position): new types go at the end.
#[derive(Serialize, Deserialize)]
enum Stored<'a> {
    S(Cow<'a, str>),
    N(Cow<'a, str>),
    Bool(bool),
    Null(bool),
    B(Cow<'a, [u8]>),
    Ss(Vec<Cow<'a, str>>),
    Ns(Vec<Cow<'a, str>>),
    Bs(Vec<Cow<'a, [u8]>>),
    L(Vec<Stored<'a>>),
    M(Attributes<'a>),
}

/// Attributes with their names, in name order.
type Attributes<'a> = Vec<(Cow<'a, str>, Stored<'a>)>;

/// Room for an item's bytes that most items fit without growing.
const ENCODED_CAPACITY: usize = 512;

impl<'a> Stored<'a> {
    fn of(value: &'a AttributeValue) -> Self {
        match value {
            AttributeValue::S(text) => Self::S(Cow::Borrowed(text)),
            AttributeValue::N(number) => Self::N(Cow::Borrowed(number)),
            AttributeValue::Bool(flag) => Self::Bool(*flag),
            AttributeValue::Null(flag) => Self::Null(*flag),
            AttributeValue::B(bytes) => Self::B(Cow::Borrowed(bytes)),
            AttributeValue::Ss(texts) => {
                Self::Ss(texts.iter().map(|t| Cow::Borrowed(t.as_str())).collect())
            }
            AttributeValue::Ns(numbers) => {
                Self::Ns(numbers.iter().map(|n| Cow::Borrowed(n.as_str())).collect())
            }
            AttributeValue::Bs(blobs) => {
                Self::Bs(blobs.iter().map(|b| Cow::Borrowed(b.as_slice())).collect())
            }
            AttributeValue::L(values) => Self::L(values.iter().map(Self::of).collect()),
            AttributeValue::M(map) => Self::M(attributes(map)),
        }
    }

    fn into_value(self) -> AttributeValue {
        match self {
            Self::S(text) => AttributeValue::S(text.into_owned()),
            Self::N(number) => AttributeValue::N(number.into_owned()),
            Self::Bool(flag) => AttributeValue::Bool(flag),
            Self::Null(flag) => AttributeValue::Null(flag),
            Self::B(bytes) => AttributeValue::B(bytes.into_owned()),
            Self::Ss(texts) => AttributeValue::Ss(texts.into_iter().map(Cow::into_owned).collect()),
            Self::Ns(numbers) => {
                AttributeValue::Ns(numbers.into_iter().map(Cow::into_owned).collect())
            }
            Self::Bs(blobs) => AttributeValue::Bs(blobs.into_iter().map(Cow::into_owned).collect()),
            Self::L(values) => {
                AttributeValue::L(values.into_iter().map(Self::into_value).collect())
            }
            Self::M(map) => AttributeValue::M(into_map(map)),
        }
    }
}

fn attributes(map: &HashMap<String, AttributeValue>) -> Attributes<'_> {
    let mut attributes: Attributes<'_> = map
        .iter()
        .map(|(name, value)| (Cow::Borrowed(name.as_str()), Stored::of(value)))
        .collect();
    attributes.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    attributes
}

fn into_map(attributes: Attributes<'_>) -> HashMap<String, AttributeValue> {
    attributes
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value.into_value()))
        .collect()
}

/// The canonical bytes of an item.
pub(super) fn encode(item: &Item) -> Result<Vec<u8>, TableError> {
    let mut bytes = Vec::with_capacity(ENCODED_CAPACITY);
    bytes.push(BINARY);
    postcard::to_extend(&attributes(item.inner()), bytes)
        .map_err(|err| TableError::InvalidRequest(format!("cannot encode item: {err}")))
}

/// Reads an item back from its bytes, in either format.
pub(super) fn decode(bytes: &[u8]) -> Result<Item, TableError> {
    match bytes.first() {
        Some(&BINARY) => postcard::from_bytes::<Attributes<'_>>(&bytes[1..])
            .map(|attributes| Item::from(into_map(attributes)))
            .map_err(corrupt),
        Some(&JSON) => serde_json::from_slice(bytes).map_err(corrupt),
        _ => Err(corrupt("unknown format")),
    }
}

fn corrupt(err: impl std::fmt::Display) -> TableError {
    TableError::Unavailable(format!("embedded store: corrupt item: {err}"))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Item {
        let mut address = std::collections::HashMap::new();
        for (name, value) in [("zip", "LV-1010"), ("city", "Riga"), ("street", "Brivibas")] {
            address.insert(name.to_owned(), AttributeValue::S(value.to_owned()));
        }
        let mut item = Item::default();
        item.insert("pk".into(), AttributeValue::S("USER#1".into()));
        item.insert("sk".into(), AttributeValue::S("PROFILE".into()));
        item.insert("balance".into(), AttributeValue::N("-12.50".into()));
        item.insert("flag".into(), AttributeValue::Bool(false));
        item.insert("none".into(), AttributeValue::Null(true));
        item.insert("blob".into(), AttributeValue::B(vec![0, 1, 255]));
        item.insert(
            "tags".into(),
            AttributeValue::Ss(vec!["b".into(), "a".into()]),
        );
        item.insert(
            "nums".into(),
            AttributeValue::Ns(vec!["2".into(), "1".into()]),
        );
        item.insert("bins".into(), AttributeValue::Bs(vec![vec![7], vec![]]));
        item.insert(
            "list".into(),
            AttributeValue::L(vec![AttributeValue::M(address.clone())]),
        );
        item.insert("address".into(), AttributeValue::M(address));
        item
    }

    #[test]
    fn every_attribute_type_survives_a_round_trip() {
        let item = sample();
        assert_eq!(
            decode(&encode(&item).expect("encode")).expect("decode"),
            item
        );
    }

    #[test]
    fn an_item_always_encodes_to_the_same_bytes_in_the_binary_format() {
        let item = sample();
        let first = encode(&item).expect("encode");
        assert_eq!(first.first(), Some(&BINARY));
        // A clone rebuilt in another insertion order still encodes identically.
        let mut reordered = Item::default();
        let mut names: Vec<&String> = item.keys().collect();
        names.sort_unstable_by(|a, b| b.cmp(a));
        for name in names {
            reordered.insert(name.clone(), item[name].clone());
        }
        assert_eq!(encode(&reordered).expect("encode"), first);
    }

    #[test]
    fn an_item_the_json_format_wrote_still_reads() {
        // As the embedded store wrote items before the binary format (sorted DynamoDB JSON).
        let stored = br#"{"blob":{"B":"AAH/"},"flag":{"BOOL":false},"list":{"L":[{"M":{"city":{"S":"Riga"}}}]},"none":{"NULL":true},"nums":{"NS":["2","1"]},"pk":{"S":"USER#1"},"sk":{"S":"PROFILE"},"tags":{"SS":["b","a"]},"total":{"N":"-12.50"}}"#;
        let mut city = std::collections::HashMap::new();
        city.insert("city".to_owned(), AttributeValue::S("Riga".into()));
        let mut expected = Item::default();
        expected.insert("blob".into(), AttributeValue::B(vec![0, 1, 255]));
        expected.insert("flag".into(), AttributeValue::Bool(false));
        expected.insert(
            "list".into(),
            AttributeValue::L(vec![AttributeValue::M(city)]),
        );
        expected.insert("none".into(), AttributeValue::Null(true));
        expected.insert(
            "nums".into(),
            AttributeValue::Ns(vec!["2".into(), "1".into()]),
        );
        expected.insert("pk".into(), AttributeValue::S("USER#1".into()));
        expected.insert("sk".into(), AttributeValue::S("PROFILE".into()));
        expected.insert(
            "tags".into(),
            AttributeValue::Ss(vec!["b".into(), "a".into()]),
        );
        expected.insert("total".into(), AttributeValue::N("-12.50".into()));
        assert_eq!(decode(stored).expect("decode"), expected);
    }

    #[test]
    fn bytes_of_no_known_format_are_a_corrupt_item() {
        for bytes in [&b""[..], &[0x7f, 1, 2][..], &[BINARY, 0xff][..]] {
            assert!(
                matches!(decode(bytes), Err(TableError::Unavailable(message)) if message.contains("corrupt item")),
                "{bytes:?}"
            );
        }
    }
}
