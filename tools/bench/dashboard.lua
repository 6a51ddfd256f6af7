-- wrk script for tools/bench/teamwork_dashboard.sh: GET the dashboard of
-- $TEAM with the bearer token in $TOKEN.
request = function()
  return wrk.format("GET", "/v1/" .. os.getenv("TEAM") .. "/dashboard", {
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  })
end
