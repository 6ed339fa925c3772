-- An audited change: approve the next agreement of the approval pool for the bench organisation's
-- party (each pool agreement is at version 1, so If-Match "1"). Thread t takes pool entries
-- POOL_OFFSET + t, + t + THREADS, ...; the harness starts the next load past the highest index used,
-- so no agreement is approved twice.
agreements = {}
parties = {}
counter = 0
function init(args)
  for line in io.lines(PAIRS_FILE) do
    local agreement, party = line:match("^(%S+)%s+(%S+)$")
    if agreement then
      agreements[#agreements + 1] = agreement
      parties[#parties + 1] = party
    end
  end
end
function request()
  local index = POOL_OFFSET + thread_id + counter * THREADS
  counter = counter + 1
  last_index = index
  local slot = (index % #agreements) + 1
  local headers = {
    ["Authorization"] = "Bearer " .. TOKEN,
    ["Content-Type"] = "application/json",
    ["If-Match"] = '"1"',
  }
  local body = BODY:gsub("__PARTY__", parties[slot])
  return wrk.format("POST", "/api/v1/collaboration-agreements/" .. agreements[slot] .. "/approvals", headers, body)
end
