-- A GET without a token (the static reference route).
wrk.method = "GET"
