//! The application's call tested against a typed httpmock double of the API.

use bluetape_client::{Client, types};
use bluetape_httpmock::MockServerExt;
use httpmock::MockServer;

#[tokio::test]
async fn the_sign_up_url_is_read() {
    let server = MockServer::start_async().await;
    let sign_up = server.get_customer_signup(|when, then| {
        when.id(&"dc506b22c7fa".parse().expect("a valid id"));
        then.ok(&types::SignUpDetails {
            sign_up_url: "https://www.bluetape.com/signup?id=1".into(),
        });
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .api_key("test-key")
        .account_id("test-account")
        .build()
        .expect("a client");
    let details = client
        .get_customer_signup("dc506b22c7fa")
        .await
        .expect("a reply");
    assert_eq!(details.sign_up_url, "https://www.bluetape.com/signup?id=1");
    sign_up.assert_async().await;
}
