//! The rules of each message element type (Tencent's `MsgType` / `MsgContent`): required
//! fields, field types, and value rules such as `Download_Flag` = 2, as one table.

use crate::error::ImError;
use serde_json::Value;

/// Largest merged forward: messages in one `TIMRelayElem`.
pub const MAX_RELAY_MESSAGES: usize = 300;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Str,
    Num,
    Arr,
}

/// `(field, kind, required)`.
type Field = (&'static str, Kind, bool);

/// The fields of each element type; fields not listed are kept as sent.
const RULES: &[(&str, &[Field])] = &[
    ("TIMTextElem", &[("Text", Kind::Str, true)]),
    (
        "TIMLocationElem",
        &[
            ("Desc", Kind::Str, true),
            ("Latitude", Kind::Num, true),
            ("Longitude", Kind::Num, true),
        ],
    ),
    (
        "TIMFaceElem",
        &[("Index", Kind::Num, true), ("Data", Kind::Str, false)],
    ),
    (
        "TIMCustomElem",
        &[
            ("Data", Kind::Str, false),
            ("Desc", Kind::Str, false),
            ("Ext", Kind::Str, false),
            ("Sound", Kind::Str, false),
        ],
    ),
    (
        "TIMSoundElem",
        &[
            ("Url", Kind::Str, true),
            ("UUID", Kind::Str, true),
            ("Size", Kind::Num, false),
            ("Second", Kind::Num, false),
            ("Download_Flag", Kind::Num, true),
        ],
    ),
    (
        "TIMImageElem",
        &[
            ("UUID", Kind::Str, true),
            ("ImageFormat", Kind::Num, true),
            ("ImageInfoArray", Kind::Arr, true),
        ],
    ),
    (
        "TIMFileElem",
        &[
            ("Url", Kind::Str, true),
            ("UUID", Kind::Str, true),
            ("FileSize", Kind::Num, false),
            ("FileName", Kind::Str, false),
            ("Download_Flag", Kind::Num, true),
        ],
    ),
    (
        "TIMVideoFileElem",
        &[
            ("VideoUrl", Kind::Str, true),
            ("VideoUUID", Kind::Str, true),
            ("VideoSize", Kind::Num, false),
            ("VideoSecond", Kind::Num, false),
            ("VideoFormat", Kind::Str, false),
            ("VideoDownloadFlag", Kind::Num, true),
            ("ThumbUrl", Kind::Str, true),
            ("ThumbUUID", Kind::Str, true),
            ("ThumbSize", Kind::Num, false),
            ("ThumbWidth", Kind::Num, true),
            ("ThumbHeight", Kind::Num, true),
            ("ThumbFormat", Kind::Str, false),
            ("ThumbDownloadFlag", Kind::Num, true),
        ],
    ),
    (
        "TIMRelayElem",
        &[
            ("Title", Kind::Str, false),
            ("MsgNum", Kind::Num, true),
            ("CompatibleText", Kind::Str, false),
            ("AbstractList", Kind::Arr, false),
            ("MsgList", Kind::Arr, false),
            ("JsonMsgKey", Kind::Str, false),
        ],
    ),
];

/// The element types of Tencent Cloud IM.
pub fn is_known(msg_type: &str) -> bool {
    RULES.iter().any(|(t, _)| *t == msg_type)
}

fn bad(at: &str, why: String) -> ImError {
    ImError::InvalidParameter(format!("{at}: {why}"))
}

fn kind_ok(v: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Str => v.is_string(),
        Kind::Num => v.is_number(),
        Kind::Arr => v.is_array(),
    }
}

/// Checks one element's `MsgContent` against its type's rules; `at` names it in errors.
pub fn validate(msg_type: &str, content: &Value, at: &str) -> Result<(), ImError> {
    let Some((_, fields)) = RULES.iter().find(|(t, _)| *t == msg_type) else {
        return Err(bad(
            at,
            format!("MsgType {msg_type:?} is not a known element type"),
        ));
    };
    let Some(obj) = content.as_object() else {
        return Err(bad(at, "MsgContent must be an object".into()));
    };
    for (name, kind, required) in fields.iter() {
        match obj.get(*name) {
            None | Some(Value::Null) if *required => {
                return Err(bad(at, format!("{msg_type} needs {name}")));
            }
            Some(v) if !v.is_null() && !kind_ok(v, *kind) => {
                return Err(bad(at, format!("{name} must be a {kind:?}")));
            }
            _ => {}
        }
        if name.ends_with("Download_Flag") || name.ends_with("DownloadFlag") {
            if let Some(v) = obj.get(*name).filter(|v| !v.is_null()) {
                if v.as_u64() != Some(2) {
                    return Err(bad(
                        at,
                        format!("{name} must be 2 (download by URL), not {v}"),
                    ));
                }
            }
        }
    }
    match msg_type {
        "TIMImageElem" => validate_image(obj, at),
        "TIMRelayElem" => validate_relay(obj, at),
        _ => Ok(()),
    }
}

fn validate_image(obj: &serde_json::Map<String, Value>, at: &str) -> Result<(), ImError> {
    let format = obj.get("ImageFormat").and_then(Value::as_u64);
    if !matches!(format, Some(1 | 2 | 3 | 4 | 255)) {
        return Err(bad(
            at,
            "ImageFormat must be 1 (JPG), 2 (GIF), 3 (PNG), 4 (BMP) or 255 (other)".into(),
        ));
    }
    let infos = obj
        .get("ImageInfoArray")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if infos.is_empty() {
        return Err(bad(
            at,
            "ImageInfoArray must list at least one image".into(),
        ));
    }
    for (i, info) in infos.iter().enumerate() {
        if !matches!(info.get("Type").and_then(Value::as_u64), Some(1..=3)) {
            return Err(bad(
                at,
                format!(
                    "ImageInfoArray[{i}].Type must be 1 (original), 2 (large) or 3 (thumbnail)"
                ),
            ));
        }
        if !info.get("URL").is_some_and(Value::is_string) {
            return Err(bad(at, format!("ImageInfoArray[{i}] needs URL")));
        }
        for n in ["Size", "Width", "Height"] {
            if !info.get(n).is_some_and(Value::is_number) {
                return Err(bad(at, format!("ImageInfoArray[{i}].{n} must be a number")));
            }
        }
    }
    Ok(())
}

fn validate_relay(obj: &serde_json::Map<String, Value>, at: &str) -> Result<(), ImError> {
    let list = obj.get("MsgList").and_then(Value::as_array);
    let key = obj.get("JsonMsgKey").and_then(Value::as_str);
    if list.is_none() && key.is_none() {
        return Err(bad(at, "TIMRelayElem needs MsgList or JsonMsgKey".into()));
    }
    let num = obj.get("MsgNum").and_then(Value::as_u64).unwrap_or(0) as usize;
    let count = list.map_or(num, Vec::len);
    if count > MAX_RELAY_MESSAGES || num > MAX_RELAY_MESSAGES {
        return Err(bad(
            at,
            format!(
                "a merged forward holds at most {MAX_RELAY_MESSAGES} messages, not {}",
                count.max(num)
            ),
        ));
    }
    for (i, m) in list.into_iter().flatten().enumerate() {
        let body = m.get("MsgBody").and_then(Value::as_array);
        if body.is_none_or(|b| b.is_empty()) {
            return Err(bad(at, format!("MsgList[{i}] needs a MsgBody")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(t: &str, c: Value) -> Result<(), u32> {
        validate(t, &c, "MsgBody[0]").map_err(|e| e.code())
    }

    fn image() -> Value {
        json!({"UUID": "u", "ImageFormat": 1, "ImageInfoArray": [
            {"Type": 1, "Size": 10, "Width": 2, "Height": 3, "URL": "http://x/1"},
            {"Type": 3, "Size": 1, "Width": 0, "Height": 0, "URL": "http://x/3"}]})
    }

    #[test]
    fn accepts_the_documented_examples() {
        assert_eq!(code("TIMTextElem", json!({"Text": "hello world"})), Ok(()));
        assert_eq!(
            code(
                "TIMLocationElem",
                json!({"Desc": "d", "Latitude": 29.3, "Longitude": 116.7})
            ),
            Ok(())
        );
        assert_eq!(
            code("TIMFaceElem", json!({"Index": 1, "Data": "content"})),
            Ok(())
        );
        assert_eq!(
            code(
                "TIMCustomElem",
                json!({"Data": "m", "Desc": "n", "Ext": "u", "Sound": "d.aiff"})
            ),
            Ok(())
        );
        assert_eq!(
            code(
                "TIMSoundElem",
                json!({"Url": "https://x", "UUID": "u", "Size": 62351, "Second": 1, "Download_Flag": 2})
            ),
            Ok(())
        );
        assert_eq!(code("TIMImageElem", image()), Ok(()));
        assert_eq!(
            code(
                "TIMFileElem",
                json!({"Url": "https://x", "UUID": "u", "FileSize": 1, "FileName": "f", "Download_Flag": 2})
            ),
            Ok(())
        );
        let video = json!({"VideoUrl": "https://v", "VideoUUID": "v", "VideoSize": 1, "VideoSecond": 5, "VideoFormat": "mp4",
            "VideoDownloadFlag": 2, "ThumbUrl": "https://t", "ThumbUUID": "t", "ThumbSize": 1, "ThumbWidth": 720,
            "ThumbHeight": 1280, "ThumbFormat": "JPG", "ThumbDownloadFlag": 2});
        assert_eq!(code("TIMVideoFileElem", video), Ok(()));
        let relay = json!({"Title": "t", "MsgNum": 1, "CompatibleText": "c", "AbstractList": ["A: hi"],
            "MsgList": [{"From_Account": "A", "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}]});
        assert_eq!(code("TIMRelayElem", relay), Ok(()));
    }

    #[test]
    fn refuses_missing_fields_wrong_types_and_bad_values() {
        assert_eq!(
            code("TIMLocationElem", json!({"Desc": "d", "Latitude": 1})),
            Err(10004)
        );
        assert_eq!(code("TIMFaceElem", json!({"Index": "1"})), Err(10004));
        assert_eq!(
            code(
                "TIMSoundElem",
                json!({"Url": "x", "UUID": "u", "Download_Flag": 1})
            ),
            Err(10004)
        );
        assert_eq!(
            code("TIMFileElem", json!({"Url": "x", "UUID": "u"})),
            Err(10004)
        );
        let mut bad_format = image();
        bad_format["ImageFormat"] = json!(5);
        assert_eq!(code("TIMImageElem", bad_format), Err(10004));
        let mut bad_type = image();
        bad_type["ImageInfoArray"][0]["Type"] = json!(4);
        assert_eq!(code("TIMImageElem", bad_type), Err(10004));
        assert_eq!(
            code(
                "TIMImageElem",
                json!({"UUID": "u", "ImageFormat": 1, "ImageInfoArray": []})
            ),
            Err(10004)
        );
        assert_eq!(code("TIMRelayElem", json!({"MsgNum": 1})), Err(10004));
        assert_eq!(code("TIMBogusElem", json!({})), Err(10004));
        assert_eq!(code("TIMTextElem", json!("hi")), Err(10004));
    }

    #[test]
    fn a_relay_holds_300_messages_not_301() {
        let one = json!({"From_Account": "A", "MsgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "x"}}]});
        let relay = |n: usize| json!({"MsgNum": n, "MsgList": vec![one.clone(); n]});
        assert_eq!(code("TIMRelayElem", relay(300)), Ok(()));
        assert_eq!(code("TIMRelayElem", relay(301)), Err(10004));
        assert_eq!(
            code("TIMRelayElem", json!({"MsgNum": 301, "JsonMsgKey": "k"})),
            Err(10004)
        );
        assert_eq!(
            code("TIMRelayElem", json!({"MsgNum": 300, "JsonMsgKey": "k"})),
            Ok(())
        );
    }
}
