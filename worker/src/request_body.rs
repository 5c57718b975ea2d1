//! Parses a command's JSON body into its typed request (a `serde` struct with Tencent's field
//! names), once, at the edge of the rules: a body that does not fit fails with the command's
//! "invalid parameter" code and a message naming the command and the field, e.g.
//! `delete_group_member: MemberToDel_Account[1]: invalid type: integer `5`, expected a string`.

use edgechat_proto::ImError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// `body` as `T`, or `code` with `cmd`, the path of the wrong field and what was wrong.
pub fn parse<T: DeserializeOwned>(cmd: &str, body: &Value, code: u32) -> Result<T, ImError> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            ImError::Coded(code, format!("{cmd}: {inner}"))
        } else {
            ImError::Coded(code, format!("{cmd}: {path}: {inner}"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Req {
        #[serde(rename = "List")]
        list: Vec<String>,
        #[serde(rename = "Count", default)]
        count: Option<u64>,
    }

    #[test]
    fn errors_name_the_command_and_the_field() {
        let e = parse::<Req>("cmd", &json!({"List": ["a", 5]}), 10004).expect_err("bad");
        assert_eq!(e.code(), 10004);
        let msg = e.to_string();
        assert!(
            msg.contains("cmd: List[1]: invalid type: integer `5`"),
            "{msg}"
        );
        let e = parse::<Req>("cmd", &json!({"Count": 1}), 30001).expect_err("missing");
        assert_eq!(e.code(), 30001);
        assert!(e.to_string().contains("missing field `List`"), "{e}");
        let ok: Req = parse("cmd", &json!({"List": ["a"]}), 10004).expect("ok");
        assert_eq!((ok.list.len(), ok.count), (1, None));
    }
}
