//! The same test as `with-client`'s, on httpmock alone.

use httpmock::Method::GET;
use httpmock::MockServer;

#[tokio::test]
async fn the_sign_up_url_is_read() {
    let server = MockServer::start_async().await;
    let sign_up = server.mock(|when, then| {
        when.method(GET)
            .path("/integration/customer/dc506b22c7fa/signup")
            .header("X-BlueTape-Key", "test-key");
        then.status(200)
            .json_body(serde_json::json!({"signUpUrl": "https://www.bluetape.com/signup?id=1"}));
    });
    let reply: serde_json::Value = reqwest::Client::new()
        .get(server.url("/integration/customer/dc506b22c7fa/signup"))
        .header("X-BlueTape-Key", "test-key")
        .send()
        .await
        .expect("a reply")
        .json()
        .await
        .expect("JSON");
    assert_eq!(reply["signUpUrl"], "https://www.bluetape.com/signup?id=1");
    sign_up.assert_async().await;
}
