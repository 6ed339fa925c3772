-- The bench's authority check asked for a different day each request: the days cycle through more
-- than the service remembers the facts of (1,024 questions), so nearly every check reads its facts
-- from the database, as a stream of varied questions would.
counter = 0
local first = os.time({year = 2025, month = 7, day = 1, hour = 12})
function request()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", first + ((thread_id * 1499 + counter) % 3000) * 86400)
  local headers = {
    ["Authorization"] = "Bearer " .. TOKEN,
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", nil, headers, (BODY:gsub("__DAY__", day)))
end
