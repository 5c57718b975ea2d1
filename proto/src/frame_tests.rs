//! Frames round-trip as the engine and the worker write them.

use super::*;

#[test]
fn parses_each_command() {
    let f = ClientFrame::parse(r#"{"cmd":"send","reqId":2,"to":"bob","random":5,"msgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#)
        .expect("send");
    assert_eq!(f.req_id(), 2);
    assert!(
        matches!(f, ClientFrame::Send { ref cloud_custom_data, .. } if cloud_custom_data.is_empty())
    );
    assert_eq!(
        ClientFrame::parse(r#"{"cmd":"setSelfStatus","reqId":5,"customStatus":"away"}"#),
        Ok(ClientFrame::SetSelfStatus {
            req_id: 5,
            custom_status: "away".into()
        })
    );
    assert_eq!(
        ClientFrame::parse(r#"{"cmd":"queryStatus","reqId":6,"userIDList":["a"]}"#),
        Ok(ClientFrame::QueryStatus {
            req_id: 6,
            user_id_list: vec!["a".into()]
        })
    );
    assert_eq!(
        ClientFrame::parse(r#"{"cmd":"sync","reqId":3,"since":10}"#),
        Ok(ClientFrame::Sync {
            req_id: 3,
            since: 10
        })
    );
    assert_eq!(
        ClientFrame::parse(r#"{"cmd":"history","reqId":4,"peer":"b","beforeSeq":null}"#),
        Ok(ClientFrame::History {
            req_id: 4,
            peer: "b".into(),
            before_seq: None,
            count: None,
            time: None,
            newer: false,
        })
    );
    assert_eq!(
        ClientFrame::parse(r#"{"cmd":"history","reqId":5,"peer":"b","time":100,"newer":true}"#),
        Ok(ClientFrame::History {
            req_id: 5,
            peer: "b".into(),
            before_seq: None,
            count: None,
            time: Some(100),
            newer: true,
        })
    );
}

#[test]
fn bad_frames_get_the_right_code_and_keep_req_id() {
    let e = ClientFrame::parse("not json").expect_err("json");
    assert_eq!((e.req_id, e.error.code()), (None, 60003));
    let e = ClientFrame::parse(r#"{"cmd":"dance","reqId":9}"#).expect_err("cmd");
    assert_eq!((e.req_id, e.error.code()), (Some(9), 10004));
    let e = ClientFrame::parse(r#"{"cmd":"send","reqId":8,"to":"b"}"#).expect_err("fields");
    assert_eq!((e.req_id, e.error.code()), (Some(8), 60003));
    let e = ClientFrame::parse(r#"{"cmd":"sync","reqId":7,"since":-1}"#).expect_err("type");
    assert_eq!((e.req_id, e.error.code()), (Some(7), 60003));
    let e = ClientFrame::parse(r#"{"reqId":1}"#).expect_err("no cmd");
    assert_eq!(e.error.code(), 60003);
}

#[test]
fn server_frames_round_trip() {
    let frames = [
        ServerFrame::Login {
            user_id: "a".into(),
            max_seq: 4,
        },
        ServerFrame::Pong {
            req_id: 1,
            max_seq: 3,
            server_time: 1_700_000_000,
        },
        ServerFrame::error(Some(2), &ImError::JsonParse("x".into())),
        ServerFrame::error(None, &ImError::SignatureMismatch),
        ServerFrame::Kicked {
            code: 0,
            reason: "multipleDevice".into(),
        },
    ];
    for f in frames {
        let text = f.to_text();
        assert_eq!(serde_json::from_str::<ServerFrame>(&text).expect(&text), f);
    }
    assert_eq!(
        ServerFrame::Login {
            user_id: "a".into(),
            max_seq: 4
        }
        .to_text(),
        r#"{"type":"login","userID":"a","maxSeq":4}"#
    );
}
