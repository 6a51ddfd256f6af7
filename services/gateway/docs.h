// The API explorer at /docs: swagger-ui-dist's files (copied from
// tools/openapi/node_modules/swagger-ui-dist) and a page that points it at
// /openapi.json.
#ifndef SISKER_SERVICES_GATEWAY_DOCS_H_
#define SISKER_SERVICES_GATEWAY_DOCS_H_

#include <optional>
#include <string>
#include <string_view>

namespace sisker::gateway {

struct DocsFile {
  std::string content_type;
  std::string body;
};

// GET /docs (or /docs/, /docs/index.html) -> the explorer's page;
// /docs/sisker-initializer.js -> the script that starts it on
// /openapi.json; /docs/<file> -> that file of `assets_dir` (a plain name of
// a regular file directly in it, ending .js .css .png .html or .map).
// nullopt for every other path: the caller answers 404. A query string is
// ignored.
std::optional<DocsFile> ServeDocs(const std::string& assets_dir,
                                  std::string_view path);

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_DOCS_H_
