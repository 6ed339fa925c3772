-- An authenticated GET of the URL wrk was given, with a cursor that changes each request but sorts
-- before every agreement id: each answer is the first page, read as any page after a cursor is read,
-- and the cursors cycle through 4,000 keys, more than the service remembers pages for, so nearly
-- every page is read from the database and built, as a stream of varied lists would be.
counter = 0
function request()
  counter = counter + 1
  local n = (thread_id * 1499 + counter) % 4000
  local headers = { ["Authorization"] = "Bearer " .. TOKEN }
  return wrk.format("GET", wrk.path .. string.format("&cursor=00000000-0000-0000-0000-%012d", n), headers)
end
