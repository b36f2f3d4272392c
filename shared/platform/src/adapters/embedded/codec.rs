//! How the embedded store encodes items: DynamoDB's own JSON (`{"name": {"S": "Ada"}}`), which
//! `serde_dynamo`'s `Item`/`AttributeValue` serialise to and read back, with map keys in sorted
//! order at every depth, so one item always encodes to the same bytes (items are `HashMap`s,
//! whose iteration order changes from run to run). The format is stable: it is DynamoDB's wire
//! format, not a Rust layout, and numbers stay the decimal strings they were stored as.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::ports::table::{AttributeValue, Item, TableError};

/// An attribute value whose maps serialise in key order.
struct Sorted<'a>(&'a AttributeValue);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            AttributeValue::M(map) => {
                let mut outer = serializer.serialize_map(Some(1))?;
                outer.serialize_entry("M", &sorted(map))?;
                outer.end()
            }
            AttributeValue::L(list) => {
                let mut outer = serializer.serialize_map(Some(1))?;
                let list: Vec<Sorted<'_>> = list.iter().map(Sorted).collect();
                outer.serialize_entry("L", &list)?;
                outer.end()
            }
            scalar_or_set => scalar_or_set.serialize(serializer),
        }
    }
}

fn sorted<'a>(
    map: &'a std::collections::HashMap<String, AttributeValue>,
) -> BTreeMap<&'a str, Sorted<'a>> {
    map.iter()
        .map(|(name, value)| (name.as_str(), Sorted(value)))
        .collect()
}

/// The canonical bytes of an item.
pub(super) fn encode(item: &Item) -> Result<Vec<u8>, TableError> {
    serde_json::to_vec(&sorted(item.inner()))
        .map_err(|err| TableError::InvalidRequest(format!("cannot encode item: {err}")))
}

/// Reads an item back from its bytes.
pub(super) fn decode(bytes: &[u8]) -> Result<Item, TableError> {
    serde_json::from_slice(bytes)
        .map_err(|err| TableError::Unavailable(format!("embedded store: corrupt item: {err}")))
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
    fn an_item_always_encodes_to_the_same_bytes_with_sorted_names() {
        let item = sample();
        let first = encode(&item).expect("encode");
        // A clone rebuilt in another insertion order still encodes identically.
        let mut reordered = Item::default();
        let mut names: Vec<&String> = item.keys().collect();
        names.sort_unstable_by(|a, b| b.cmp(a));
        for name in names {
            reordered.insert(name.clone(), item[name].clone());
        }
        assert_eq!(encode(&reordered).expect("encode"), first);
        let text = String::from_utf8(first).expect("utf-8");
        assert!(
            text.starts_with(r#"{"address":{"M":{"city":{"S":"Riga"},"street""#),
            "{text}"
        );
        assert!(text.contains(r#""balance":{"N":"-12.50"}"#), "{text}");
    }
}
