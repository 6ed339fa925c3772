-- An authenticated GET of the URL wrk was given, with a `review_due_before` day far in the future that
-- changes each request: every agreement passes it, so the page is the same page of the list, but the
-- days cycle through 4,000 keys, more than the service remembers pages for, so nearly every page is
-- read from the database and built, as a stream of varied lists would be.
counter = 0
local first = os.time({year = 2200, month = 1, day = 1, hour = 12})
function request()
  counter = counter + 1
  local day = os.date("!%Y-%m-%d", first + ((thread_id * 1499 + counter) % 4000) * 86400)
  local headers = { ["Authorization"] = "Bearer " .. TOKEN }
  return wrk.format("GET", wrk.path .. "&review_due_before=" .. day, headers)
end
