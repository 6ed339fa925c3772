-- An authenticated GET of the URL wrk was given.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. TOKEN
