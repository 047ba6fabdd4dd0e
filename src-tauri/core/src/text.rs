//! Text in the template data that may be given in several languages.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// A text keyed by language code. In the template file it may be written as a
/// plain string (English) or as an object such as `{"en": "…", "fr": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(transparent)]
#[ts(export, type = "Record<string, string>")]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to English.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn en(&self) -> &str {
        self.get("en")
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(BTreeMap::from([("en".to_string(), s.to_string())]))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Plain(String),
            ByLanguage(BTreeMap<String, String>),
        }
        match Raw::deserialize(d)? {
            Raw::Plain(s) => Ok(Text::from(s.as_str())),
            Raw::ByLanguage(map) => {
                if !map.contains_key("en") {
                    return Err(serde::de::Error::custom("a translated text needs an \"en\" entry"));
                }
                Ok(Text(map))
            }
        }
    }
}
