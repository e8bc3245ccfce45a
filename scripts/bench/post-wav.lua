-- wrk script: POST the WAV named by $CLIP with Content-Type audio/wav.
local f = assert(io.open(os.getenv("CLIP"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "audio/wav"
