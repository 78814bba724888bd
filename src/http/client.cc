#include "http/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace paved::http {
namespace {

constexpr size_t kMaxIdleHandles = 8;

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// State shared with libcurl's callbacks during one transfer.
struct Transfer {
  ClientResponse response;
  size_t max_body_bytes = 0;
  bool too_large = false;
};

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t length = size * count;
  if (transfer->response.body.size() + length > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, length);
  return length;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t length = size * count;
  absl::string_view line(data, length);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (absl::StartsWith(line, "HTTP/")) {  // a new response starts (after a 1xx or a redirect)
    transfer->response.headers.clear();
    transfer->response.body.clear();
    return length;
  }
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return length;
  transfer->response.headers.emplace_back(
      std::string(absl::StripAsciiWhitespace(line.substr(0, colon))),
      std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  return length;
}

bool IsToken(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool HasLineBreak(absl::string_view s) {
  return s.find_first_of("\r\n") != absl::string_view::npos;
}

absl::Status ValidateRequest(const std::string& method, const ClientHeaders& headers,
                             std::chrono::milliseconds timeout) {
  if (!IsToken(method)) return absl::InvalidArgumentError(absl::StrCat("bad method: ", method));
  for (const auto& [name, value] : headers) {
    if (!IsToken(name) || HasLineBreak(value)) {
      return absl::InvalidArgumentError(absl::StrCat("bad header: ", name));
    }
  }
  if (timeout.count() <= 0) return absl::InvalidArgumentError("timeout must be positive");
  return absl::OkStatus();
}

absl::StatusOr<Slist> BuildHeaderList(const ClientHeaders& headers) {
  curl_slist* list = nullptr;
  bool has_content_type = false;
  auto append = [&list](const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next != nullptr) list = next;
    return next != nullptr;
  };
  bool ok = true;
  for (const auto& [name, value] : headers) {
    has_content_type = has_content_type || absl::EqualsIgnoreCase(name, "Content-Type");
    // "Name;" is libcurl's spelling of a header with an empty value.
    ok = ok && append(value.empty() ? absl::StrCat(name, ";") : absl::StrCat(name, ": ", value));
  }
  ok = ok && append("Expect:");                               // no 100-continue round trip
  if (!has_content_type) ok = ok && append("Content-Type:");  // drop libcurl's form default
  Slist owned(list);
  if (!ok) return absl::ResourceExhaustedError("out of memory building request headers");
  return owned;
}

void SetMethodAndBody(CURL* curl, const std::string& method, const std::string& body) {
  const bool sends_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (sends_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    if (method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
}

// The URL without its query, for error messages (queries may carry secrets).
absl::string_view UrlForMessage(const std::string& url) {
  return absl::string_view(url).substr(0, url.find('?'));
}

absl::Status TransferError(CURLcode code, const char* error_buffer, const Transfer& transfer,
                           const std::string& method, const std::string& url) {
  const std::string detail =
      absl::StrCat(method, " ", UrlForMessage(url), ": ",
                   error_buffer[0] ? error_buffer : curl_easy_strerror(code));
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return absl::ResourceExhaustedError(absl::StrCat(detail, " (response body too large)"));
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(detail);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::InvalidArgumentError(detail);
    default:
      return absl::UnavailableError(detail);
  }
}

class CurlClient final : public Client {
 public:
  explicit CurlClient(ClientOptions options) : options_(std::move(options)) { GlobalInit(); }

  absl::StatusOr<ClientResponse> Send(const std::string& method, const std::string& url,
                                      const ClientHeaders& headers, const std::string& body,
                                      std::chrono::milliseconds timeout) override {
    if (absl::Status valid = ValidateRequest(method, headers, timeout); !valid.ok()) return valid;
    absl::StatusOr<Slist> header_list = BuildHeaderList(headers);
    if (!header_list.ok()) return header_list.status();
    EasyHandle curl = Acquire();
    if (curl == nullptr) return absl::ResourceExhaustedError("curl_easy_init failed");
    Transfer transfer;
    transfer.max_body_bytes = options_.max_response_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    Configure(curl.get(), url, timeout, &transfer, error_buffer);
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list->get());
    SetMethodAndBody(curl.get(), method, body);
    const CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) return TransferError(code, error_buffer, transfer, method, url);
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    Release(std::move(curl));
    return std::move(transfer.response);
  }

 private:
  // An idle handle (its kept-alive connections come with it) or a new one; null on failure.
  EasyHandle Acquire() {
    {
      absl::MutexLock lock(&mu_);
      if (!idle_.empty()) {
        EasyHandle curl = std::move(idle_.back());
        idle_.pop_back();
        curl_easy_reset(curl.get());
        return curl;
      }
    }
    return EasyHandle(curl_easy_init());
  }

  void Release(EasyHandle curl) {
    absl::MutexLock lock(&mu_);
    if (idle_.size() < kMaxIdleHandles) idle_.push_back(std::move(curl));
  }

  void Configure(CURL* curl, const std::string& url, std::chrono::milliseconds timeout,
                 Transfer* transfer, char* error_buffer) const {
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, transfer);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options_.max_response_bytes));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.use_env_proxy) curl_easy_setopt(curl, CURLOPT_PROXY, "");
    if (options_.follow_redirects) {
      curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    }
  }

  const ClientOptions options_;
  absl::Mutex mu_;
  std::vector<EasyHandle> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::string ClientResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::vector<std::string> ClientResponse::Headers(absl::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) values.push_back(value);
  }
  return values;
}

std::unique_ptr<Client> NewCurlClient(ClientOptions options) {
  return std::make_unique<CurlClient>(std::move(options));
}

std::string UrlEncode(absl::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace paved::http
