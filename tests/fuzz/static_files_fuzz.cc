// Paths of requests the server answers with the built web UI (ServeStatic), on a web folder made
// for the run beside a file that must never be served. Input: the request target (the server
// passes on only those that start with '/').
// Checks: nothing throws; the answer is 200 with one of the web folder's files, 404 or 405.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "http/message.h"
#include "server/static_files.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::server {
namespace {

namespace fs = std::filesystem;

struct WebFolder {
  std::string root;
  std::map<std::string, std::string> files;  // relative path → content
};

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

const WebFolder& TheWebFolder() {
  static const WebFolder* folder = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/paved-static-fuzz-XXXXXX";
    fuzz::Check(mkdtemp(templ.data()) != nullptr, "cannot create a temporary folder");
    std::string dir = templ;
    std::atexit([] { fs::remove_all(fs::path(TheWebFolder().root).parent_path()); });
    auto* f = new WebFolder{.root = dir + "/web"};
    f->files = {{"index.html", "<!doctype html><title>paved</title>"},
                {"assets/app.js", "console.log('paved')"},
                {"assets/app.css", "body{}"},
                {"favicon.ico", "ico"}};
    for (const auto& [path, content] : f->files) Write(f->root + "/" + path, content);
    Write(dir + "/secret.txt", "outside the web folder");
    return f;
  }();
  return *folder;
}

void FuzzOne(const std::string& target) {
  if (!target.starts_with('/')) return;  // the server answers 400 to other targets
  const WebFolder& web = TheWebFolder();
  for (const char* method : {"GET", "HEAD"}) {
    http::Request req = http::MakeRequest(method, target);
    http::Response r = ServeStatic(web.root, req);
    if (r.status == 404) continue;
    fuzz::Check(r.status == 200, "answered " + std::to_string(r.status) + " for " + req.path);
    if (req.method == "HEAD") continue;
    bool ours = false;
    for (const auto& [path, content] : web.files) ours = ours || r.body == content;
    fuzz::Check(ours, "served a file from outside the web folder for path " + req.path);
  }
}

}  // namespace
}  // namespace paved::server

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::server::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
