//! Each method's future stays small: the generated operation's future (about 2 KB) is boxed once,
//! instead of being carried, and moved, by every async layer around it (a method's future was
//! 9–11 KB, and moving it cost more per call than the allocation).

use bluetape_client::{Client, types};

const LIMIT: usize = 4096;

#[test]
fn every_method_future_is_under_four_kilobytes() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key("key")
        .account_id("account")
        .build()
        .unwrap();
    let sizes = [
        (
            "create_company",
            size_of_val(&client.create_company(types::Company::builder())),
        ),
        (
            "create_customer",
            size_of_val(&client.create_customer(types::Customer::builder())),
        ),
        (
            "update_customer",
            size_of_val(&client.update_customer("c", types::CustomerUpdate::builder())),
        ),
        (
            "link_company_customer",
            size_of_val(&client.link_company_customer("a", "c")),
        ),
        (
            "get_customer_signup",
            size_of_val(&client.get_customer_signup("c")),
        ),
    ];
    for (method, size) in sizes {
        assert!(size < LIMIT, "{method}'s future is {size} bytes");
    }
}
