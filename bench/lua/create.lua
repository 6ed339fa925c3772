-- An audited create: the same draft with its own reference and a fresh Idempotency-Key per request.
counter = 0
function request()
  counter = counter + 1
  local unique = "bench-" .. NONCE .. "-" .. thread_id .. "-" .. counter
  local headers = {
    ["Authorization"] = "Bearer " .. TOKEN,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = unique,
  }
  return wrk.format("POST", nil, headers, (BODY:gsub("__REFERENCE__", unique)))
end
