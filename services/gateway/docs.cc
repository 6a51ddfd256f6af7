// The /docs explorer: our page and initializer, swagger-ui-dist's files.
#include "services/gateway/docs.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"

namespace sisker::gateway {
namespace {

// Absolute URLs: the page answers at both /docs and /docs/.
constexpr char kPage[] = R"html(<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sisker API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script src="/docs/sisker-initializer.js" charset="UTF-8"></script>
</body>
</html>
)html";

// A file of its own rather than an inline script, so a strict
// Content-Security-Policy (script-src 'self') still allows it.
constexpr char kInitializer[] = R"js(window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    persistAuthorization: false
  });
};
)js";

constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kJs[] = "text/javascript; charset=utf-8";

// The content type of a file we serve, "" for any other name.
std::string ContentTypeOf(std::string_view name) {
  if (name.ends_with(".js")) return kJs;
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".html")) return kHtml;
  if (name.ends_with(".map")) return "application/json";
  return "";
}

// A plain file name: letters, digits, '.', '-', '_', not starting with a
// dot. No '/', '\\', '%' or "..", so it cannot leave the folder.
bool IsPlainName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return name.find("..") == std::string_view::npos;
}

}  // namespace

std::optional<DocsFile> ServeDocs(const std::string& assets_dir,
                                  std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path == "/docs" || path == "/docs/" || path == "/docs/index.html") {
    return DocsFile{kHtml, kPage};
  }
  if (!path.starts_with("/docs/")) return std::nullopt;
  path.remove_prefix(6);
  if (path == "sisker-initializer.js") return DocsFile{kJs, kInitializer};
  std::string content_type = ContentTypeOf(path);
  if (!IsPlainName(path) || content_type.empty()) return std::nullopt;
  std::filesystem::path file = std::filesystem::path(assets_dir) / path;
  std::error_code error;
  // symlink_status: a link planted in the folder is not followed.
  if (!std::filesystem::is_regular_file(
          std::filesystem::symlink_status(file, error))) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return DocsFile{std::move(content_type), std::move(body).str()};
}

}  // namespace sisker::gateway
