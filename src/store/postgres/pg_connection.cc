#include "store/postgres/pg_connection.h"

#include <cstring>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "fmt/format.h"

namespace paved::store {
namespace {

// Type OIDs from pg_type.h (stable across server versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

absl::StatusCode CodeForSqlState(std::string_view state) {
  if (state == "23505") return absl::StatusCode::kAlreadyExists;
  if (state == "23503" || state == "23514" || state == "23502" || state == "P0001") {
    return absl::StatusCode::kFailedPrecondition;
  }
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return absl::StatusCode::kUnavailable;
  }
  if (state == "40001" || state == "40P01") return absl::StatusCode::kAborted;
  return absl::StatusCode::kInternal;
}

Value ColumnValue(const PGresult* result, int row, int col) {
  if (PQgetisnull(result, row, col)) return std::monostate{};
  const char* text = PQgetvalue(result, row, col);
  switch (PQftype(result, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t i = 0;
      if (absl::SimpleAtoi(text, &i)) return i;
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double d = 0;
      if (absl::SimpleAtod(text, &d)) return d;
      break;
    }
    case kBoolOid:
      return static_cast<int64_t>(text[0] == 't');
    default:
      break;
  }
  return std::string(text, static_cast<size_t>(PQgetlength(result, row, col)));
}

int64_t AffectedRows(const PGresult* result) {
  std::string_view tag = PQcmdStatus(const_cast<PGresult*>(result));
  if (!tag.starts_with("INSERT") && !tag.starts_with("UPDATE") && !tag.starts_with("DELETE") &&
      !tag.starts_with("MERGE")) {
    return 0;
  }
  int64_t n = 0;
  return absl::SimpleAtoi(PQcmdTuples(const_cast<PGresult*>(result)), &n) ? n : 0;
}

// Text forms of the parameters, kept alive for the duration of one PQexecParams call.
struct TextParams {
  explicit TextParams(const Params& params) {
    storage.reserve(params.size());
    for (const Value& v : params) {
      if (const auto* i = std::get_if<int64_t>(&v)) {
        storage.push_back(std::to_string(*i));
        types.push_back(kInt8Oid);
      } else if (const auto* d = std::get_if<double>(&v)) {
        storage.push_back(fmt::format("{}", *d));
        types.push_back(kFloat8Oid);
      } else {
        storage.emplace_back();
        types.push_back(0);  // unknown: the server infers from context
      }
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const auto* s = std::get_if<std::string>(&params[i]);
      if (s) {
        values.push_back(s->c_str());
      } else if (std::holds_alternative<std::monostate>(params[i])) {
        values.push_back(nullptr);
      } else {
        values.push_back(storage[i].c_str());
      }
    }
  }
  std::vector<std::string> storage;
  std::vector<Oid> types;
  std::vector<const char*> values;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

absl::Status PgError(PGconn* conn, const PGresult* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty() && conn) message = PQerrorMessage(conn);
  message = std::string(absl::StripTrailingAsciiWhitespace(message));
  absl::StatusCode code = state ? CodeForSqlState(state) : absl::StatusCode::kInternal;
  if (conn && PQstatus(conn) == CONNECTION_BAD) code = absl::StatusCode::kUnavailable;
  if (!result && !state) code = absl::StatusCode::kUnavailable;
  return absl::Status(
      code, absl::StrCat("postgres: ", message, state ? " (" : "", state ? state : "",
                         state ? ")" : "", " [", std::string(context.substr(0, 120)), "]"));
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  std::unique_ptr<PgConnection> conn(new PgConnection(raw));
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    std::string message = raw ? PQerrorMessage(raw) : "out of memory";
    return absl::UnavailableError(
        absl::StrCat("postgres connect: ", absl::StripTrailingAsciiWhitespace(message)));
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);  // e.g. "relation already exists, skipping"
  return conn;
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

bool PgConnection::broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

void PgConnection::Probe() {
  if (conn_ && PQstatus(conn_) == CONNECTION_OK) PQconsumeInput(conn_);
}

absl::Status PgConnection::ResultError(const PGresult* result, std::string_view sql) {
  return PgError(conn_, result, sql);
}

absl::StatusOr<ResultSet> PgConnection::Query(std::string_view sql, const Params& params) {
  std::string text(sql);
  TextParams tp(params);
  ResultPtr result(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()),
                                tp.types.data(), tp.values.data(), nullptr, nullptr, 0),
                   &PQclear);
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return ResultError(result.get(), sql);
  }
  ResultSet out;
  int ncols = PQnfields(result.get());
  int nrows = PQntuples(result.get());
  out.columns.reserve(ncols);
  for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(result.get(), c));
  out.rows.reserve(nrows);
  for (int r = 0; r < nrows; ++r) {
    std::vector<Value> values;
    values.reserve(ncols);
    for (int c = 0; c < ncols; ++c) values.push_back(ColumnValue(result.get(), r, c));
    out.rows.emplace_back(&out.columns, std::move(values));
  }
  out.affected = AffectedRows(result.get());
  return out;
}

absl::StatusOr<std::string> PgConnection::Exec(std::string_view sql) {
  std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()), &PQclear);
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return ResultError(result.get(), sql);
  }
  return std::string(PQcmdStatus(result.get()));
}

}  // namespace paved::store
