#include "cli/credentials.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace paved::cli {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/paved-credentials-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    SaveEnv("HOME", saved_home_);
    SaveEnv("XDG_CONFIG_HOME", saved_xdg_);
  }
  void TearDown() override {
    RestoreEnv("HOME", saved_home_);
    RestoreEnv("XDG_CONFIG_HOME", saved_xdg_);
    std::filesystem::remove_all(dir_);
  }

  static void SaveEnv(const char* name, std::optional<std::string>& saved) {
    const char* value = std::getenv(name);
    if (value != nullptr) saved = value;
  }
  static void RestoreEnv(const char* name, const std::optional<std::string>& saved) {
    if (saved.has_value()) {
      setenv(name, saved->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }

  std::string dir_;
  std::optional<std::string> saved_home_, saved_xdg_;
};

TEST_F(CredentialsTest, PathHonoursXdgConfigHomeThenHome) {
  setenv("HOME", dir_.c_str(), 1);
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(DefaultCredentialsPath().value(), dir_ + "/.config/paved/config.json");
  setenv("XDG_CONFIG_HOME", (dir_ + "/xdg").c_str(), 1);
  EXPECT_EQ(DefaultCredentialsPath().value(), dir_ + "/xdg/paved/config.json");
  unsetenv("HOME");
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(DefaultCredentialsPath().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(CredentialsTest, RoundTripsWithPrivateModes) {
  setenv("XDG_CONFIG_HOME", (dir_ + "/xdg").c_str(), 1);
  const std::string path = DefaultCredentialsPath().value();
  const Credentials saved{"https://paved.example.com", "pvd_secret", "42", "mina.kim"};
  ASSERT_TRUE(SaveCredentials(path, saved).ok());

  absl::StatusOr<std::optional<Credentials>> loaded = LoadCredentials(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->server, saved.server);
  EXPECT_EQ((*loaded)->token, saved.token);
  EXPECT_EQ((*loaded)->token_id, saved.token_id);
  EXPECT_EQ((*loaded)->login, saved.login);

  struct stat file_info, dir_info;
  ASSERT_EQ(stat(path.c_str(), &file_info), 0);
  EXPECT_EQ(file_info.st_mode & 0777, 0600u);
  ASSERT_EQ(stat((dir_ + "/xdg/paved").c_str(), &dir_info), 0);
  EXPECT_EQ(dir_info.st_mode & 0777, 0700u);
}

TEST_F(CredentialsTest, OverwritingKeepsModeAndReplacesContent) {
  const std::string path = dir_ + "/paved/config.json";
  ASSERT_TRUE(SaveCredentials(path, {"http://a", "pvd_1", "", "x"}).ok());
  chmod(path.c_str(), 0644);
  ASSERT_TRUE(SaveCredentials(path, {"http://b", "pvd_2", "", "y"}).ok());
  EXPECT_EQ(LoadCredentials(path).value()->token, "pvd_2");
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp-" + std::to_string(getpid())));
}

TEST_F(CredentialsTest, MissingFileIsNotLoggedIn) {
  absl::StatusOr<std::optional<Credentials>> loaded = LoadCredentials(dir_ + "/nope.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(CredentialsTest, MalformedFileIsAnError) {
  const std::string path = dir_ + "/config.json";
  std::ofstream(path) << "{\"server\": 3}";
  EXPECT_EQ(LoadCredentials(path).status().code(), absl::StatusCode::kInvalidArgument);
  std::ofstream(path) << "not json";
  EXPECT_EQ(LoadCredentials(path).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CredentialsTest, RemoveDeletesAndToleratesAbsence) {
  const std::string path = dir_ + "/config.json";
  ASSERT_TRUE(SaveCredentials(path, {"http://a", "pvd_1", "", ""}).ok());
  ASSERT_TRUE(RemoveCredentials(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(RemoveCredentials(path).ok());
}

}  // namespace
}  // namespace paved::cli
