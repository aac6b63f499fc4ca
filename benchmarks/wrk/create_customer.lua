-- wrk script for `cargo xtask bench`: POST /integration/customer, a new customer id per request,
-- so that every request is a real creation (201), never a duplicate (409). The ids start with the
-- script's argument (`wrk ... -- <prefix>`), so that runs against the same server never collide.
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local prefix = "bench"
function init(args)
  if args[1] then prefix = args[1] end
end

local sent = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-BlueTape-Key"] = "mock-api-key"
wrk.headers["X-Integration-AccountId"] = "mock-account-id"

function request()
  sent = sent + 1
  local body = string.format(
    '{"id":"%s-%d-%d","firstName":"John","lastName":"Doe","emailAddress":"john.doe@example.com",' ..
    '"cellPhoneNumber":"+11234567890","sourceModifiedDate":"2023-01-04T09:47:57.477Z"}',
    prefix, thread_number, sent)
  return wrk.format(nil, "/integration/customer", nil, body)
end
