#include "deploy/secrets/key_ring.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy {
namespace {

std::string Hex(const std::string& hex) { return absl::HexStringToBytes(hex); }

// Test Case 16 of the GCM specification submitted to NIST (McGrew & Viega, "The Galois/Counter
// Mode of Operation", also in NIST's GCM validation examples): AES-256, 96-bit IV, 60-byte
// plaintext, 20-byte AAD.
TEST(Aes256GcmTest, MatchesTheGcmSpecificationVectorWithAad) {
  std::string key = Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  std::string iv = Hex("cafebabefacedbaddecaf888");
  std::string plaintext =
      Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
          "49a6b525b16aedf5aa0de657ba637b39");
  std::string aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::string expected =
      Hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
          "56828838c5f61e6393ba7a0abcc9f662"
          "76fc6ece0f4e1768cddf8853bb2d551b");  // ciphertext || tag
  auto sealed = Aes256GcmSeal(key, iv, plaintext, aad);
  ASSERT_OK(sealed);
  EXPECT_EQ(absl::BytesToHexString(*sealed), absl::BytesToHexString(expected));
  auto opened = Aes256GcmOpen(key, iv, expected, aad);
  ASSERT_OK(opened);
  EXPECT_EQ(*opened, plaintext);
}

// Test Cases 13 and 14: the all-zero key and IV, empty and one-block plaintext, no AAD.
TEST(Aes256GcmTest, MatchesTheZeroKeyVectors) {
  std::string key(32, '\0'), iv(12, '\0');
  auto empty = Aes256GcmSeal(key, iv, "", "");
  ASSERT_OK(empty);
  EXPECT_EQ(absl::BytesToHexString(*empty), "530f8afbc74536b9a963b4f1c4cb738b");
  auto block = Aes256GcmSeal(key, iv, std::string(16, '\0'), "");
  ASSERT_OK(block);
  EXPECT_EQ(absl::BytesToHexString(*block),
            "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
}

TEST(Aes256GcmTest, RejectsWrongSizes) {
  EXPECT_CODE(Aes256GcmSeal(std::string(16, 'k'), std::string(12, 'n'), "x", ""), kInvalidArgument);
  EXPECT_CODE(Aes256GcmSeal(std::string(32, 'k'), std::string(16, 'n'), "x", ""), kInvalidArgument);
  EXPECT_CODE(Aes256GcmOpen(std::string(32, 'k'), std::string(12, 'n'), "short", ""),
              kPermissionDenied);
}

std::unique_ptr<KeyRing> RingOf(std::initializer_list<std::string> ids) {
  auto ring = std::make_unique<KeyRing>();
  for (const auto& id : ids) EXPECT_OK(ring->Add(id, std::string(32, id[0])));
  return ring;
}

TEST(KeyRingTest, RoundTripsWithFreshNoncesAndTheActiveKeyId) {
  auto ring = RingOf({"a", "b"});
  EXPECT_EQ(ring->active_id(), "a");
  auto one = ring->Encrypt("hunter2", "aad");
  auto two = ring->Encrypt("hunter2", "aad");
  ASSERT_OK(one);
  ASSERT_OK(two);
  EXPECT_EQ(one->key_id, "a");
  EXPECT_EQ(one->nonce.size(), 12u);
  EXPECT_EQ(one->ciphertext.size(), 7u + 16u);
  EXPECT_NE(one->nonce, two->nonce);
  EXPECT_NE(one->ciphertext, two->ciphertext);
  EXPECT_EQ(one->ciphertext.find("hunter2"), std::string::npos);
  auto plain = ring->Decrypt(*one, "aad");
  ASSERT_OK(plain);
  EXPECT_EQ(*plain, "hunter2");
  ASSERT_OK(ring->SetActive("b"));
  auto under_b = ring->Encrypt("x", "");
  ASSERT_OK(under_b);
  EXPECT_EQ(under_b->key_id, "b");
  EXPECT_OK(ring->Decrypt(*one, "aad"));  // older keys still decrypt
  EXPECT_CODE(ring->SetActive("zz"), kNotFound);
}

TEST(KeyRingTest, DetectsTamperingAndAadMismatch) {
  auto ring = RingOf({"a", "b"});
  auto sealed = ring->Encrypt("the value", "project/env/name/1");
  ASSERT_OK(sealed);
  for (size_t i = 0; i < sealed->ciphertext.size(); ++i) {
    SealedValue bad = *sealed;
    bad.ciphertext[i] ^= 0x01;
    SCOPED_TRACE("byte " + std::to_string(i));
    EXPECT_CODE(ring->Decrypt(bad, "project/env/name/1"), kPermissionDenied);
  }
  SealedValue bad_nonce = *sealed;
  bad_nonce.nonce[0] ^= 0x80;
  EXPECT_CODE(ring->Decrypt(bad_nonce, "project/env/name/1"), kPermissionDenied);
  EXPECT_CODE(ring->Decrypt(*sealed, "project/env/name/2"), kPermissionDenied);
  SealedValue other_key = *sealed;
  other_key.key_id = "b";
  EXPECT_CODE(ring->Decrypt(other_key, "project/env/name/1"), kPermissionDenied);
  other_key.key_id = "missing";
  EXPECT_CODE(ring->Decrypt(other_key, "project/env/name/1"), kNotFound);
}

TEST(KeyRingTest, ParsesKeyFilesAndNamesBadLines) {
  std::string k1 = absl::Base64Escape(std::string(32, '1'));
  std::string k2 = absl::Base64Escape(std::string(32, '2'));
  auto ring = KeyRing::FromText("# comment\n\nnew:" + k2 + "\nold:" + k1 + "\n");
  ASSERT_OK(ring);
  EXPECT_EQ((*ring)->active_id(), "new");
  EXPECT_TRUE((*ring)->Has("old"));
  auto short_key = KeyRing::FromText("a:" + absl::Base64Escape("short") + "\n");
  EXPECT_CODE(short_key, kInvalidArgument);
  EXPECT_NE(short_key.status().message().find("line 1"), std::string::npos);
  EXPECT_CODE(KeyRing::FromText("ok:" + k1 + "\nno-colon\n"), kInvalidArgument);
  EXPECT_CODE(KeyRing::FromText("a:" + k1 + "\na:" + k2 + "\n"), kInvalidArgument);
  EXPECT_CODE(KeyRing::FromText("# nothing\n"), kInvalidArgument);
  EXPECT_CODE(KeyRing::FromText("bad id:" + k1), kInvalidArgument);
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("paved-keys-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ::unsetenv(kSecretKeyEnv);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    ::unsetenv(kSecretKeyEnv);
  }
  std::filesystem::path dir_;
};

TEST_F(KeyFileTest, EnsureKeyFileCreatesAPrivateFileOnceAndKeepsIt) {
  std::string path = (dir_ / "secret.keys").string();
  auto id = EnsureKeyFile(path);
  ASSERT_OK(id);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto again = EnsureKeyFile(path);
  ASSERT_OK(again);
  EXPECT_EQ(*again, *id);  // not regenerated
  auto ring = KeyRing::Load(path);
  ASSERT_OK(ring);
  EXPECT_EQ((*ring)->active_id(), *id);
}

TEST_F(KeyFileTest, AddActiveKeyToFileKeepsOldKeysForDecryption) {
  std::string path = (dir_ / "secret.keys").string();
  auto first = EnsureKeyFile(path);
  ASSERT_OK(first);
  auto before = KeyRing::FromFile(path);
  ASSERT_OK(before);
  auto sealed = (*before)->Encrypt("v", "aad");
  ASSERT_OK(sealed);
  auto added = AddActiveKeyToFile(path);
  ASSERT_OK(added);
  EXPECT_NE(*added, *first);
  auto after = KeyRing::FromFile(path);
  ASSERT_OK(after);
  EXPECT_EQ((*after)->active_id(), *added);
  EXPECT_OK((*after)->Decrypt(*sealed, "aad"));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(KeyFileTest, EnvironmentKeyWinsOverTheFile) {
  ::setenv(kSecretKeyEnv, absl::Base64Escape(std::string(32, 'e')).c_str(), 1);
  std::string path = (dir_ / "unused.keys").string();
  auto ring = KeyRing::Load(path);
  ASSERT_OK(ring);
  EXPECT_EQ((*ring)->active_id(), "env");
  EXPECT_FALSE(std::filesystem::exists(path));
  ::setenv(kSecretKeyEnv, "not base64 !!", 1);
  EXPECT_CODE(KeyRing::Load(path), kInvalidArgument);
}

}  // namespace
}  // namespace paved::deploy
