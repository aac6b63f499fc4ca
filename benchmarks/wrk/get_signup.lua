-- wrk script for `cargo xtask bench`: GET /integration/customer/bench-customer/signup (the
-- customer is created before the run).
wrk.method = "GET"
wrk.path = "/integration/customer/bench-customer/signup"
wrk.headers["X-BlueTape-Key"] = "mock-api-key"
wrk.headers["X-Integration-AccountId"] = "mock-account-id"
