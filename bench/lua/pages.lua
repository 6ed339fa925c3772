-- An authenticated GET of the URL wrk was given, starting each request at another register number:
-- the numbers cycle through 4,000 pages, more than the service remembers (4 MB of pages), so nearly
-- every page is read from the database and built, as a stream of varied pages would be.
counter = 0
function request()
  counter = counter + 1
  local from = 1 + (thread_id * 1499 + counter) % 4000
  local headers = { ["Authorization"] = "Bearer " .. TOKEN }
  return wrk.format("GET", wrk.path .. "&number_from=" .. from, headers)
end
