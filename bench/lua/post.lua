-- An authenticated POST of the same JSON body (an evaluating POST such as an authority check).
wrk.method = "POST"
wrk.body = BODY
wrk.headers["Authorization"] = "Bearer " .. TOKEN
wrk.headers["Content-Type"] = "application/json"
