// Tests for security/password.hpp (argon2id strings, the password policy, password files) and
// security/token.hpp (session tokens, their stored digest, constant-time comparison). The tokens'
// tests live here because the test target lists two files; they are a separate suite (`Token`).
#include "security/password.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/testing.hpp"
#include "security/token.hpp"

namespace safetynet::security {
namespace {

using ::safetynet::testing::HasProblem;
using ::safetynet::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

// --- hash_password / verify_password
// ----------------------------------------------------------------

TEST(Password, HashIsAnArgon2idStringThatVerifiesOnlyItsPassword) {
  const std::string stored = hash_password("社区-wang-2026!");
  EXPECT_THAT(stored, StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_TRUE(verify_password(stored, "社区-wang-2026!"));
  EXPECT_FALSE(verify_password(stored, "社区-wang-2026?"));
  EXPECT_FALSE(verify_password(stored, ""));
  EXPECT_FALSE(verify_password(stored, "社区-wang-2026!\n"));
}

TEST(Password, TwoHashesOfOnePasswordDifferByTheirSalt) {
  const std::string a = hash_password("correct horse");
  const std::string b = hash_password("correct horse");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "correct horse"));
  EXPECT_TRUE(verify_password(b, "correct horse"));
}

TEST(Password, PasswordWithAnEmbeddedNulIsHashedWhole) {
  const std::string pw("abc\0defgh", 9);
  const std::string stored = hash_password(pw);
  EXPECT_TRUE(verify_password(stored, pw));
  EXPECT_FALSE(verify_password(stored, "abc"));
}

TEST(Password, MalformedStoredStringIsFalseNotAnError) {
  const std::string good = hash_password("correct horse");
  EXPECT_FALSE(verify_password("", "correct horse"));
  EXPECT_FALSE(verify_password("correct horse", "correct horse"));  // a plain-text "hash"
  EXPECT_FALSE(verify_password("$argon2id$", "correct horse"));
  EXPECT_FALSE(verify_password(good.substr(0, good.size() - 5), "correct horse"));  // truncated
  EXPECT_FALSE(verify_password(good + std::string(200, 'A'), "correct horse"));     // too long
  EXPECT_FALSE(verify_password(std::string(good).insert(10, 1, '\0'), "correct horse"));
}

// --- check_password_policy
// ----------------------------------------------------------------------------

TEST(PasswordPolicy, AcceptsAndReturnsAGoodPassword) {
  Result<std::string> r = check_password_policy("abcd1234");  // exactly 8 bytes
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, "abcd1234");
  EXPECT_THAT(check_password_policy("民政局三楼"), IsOk());  // 5 characters, 15 bytes
  EXPECT_THAT(check_password_policy(std::string(1024, 'a').replace(0, 1, "b")), IsOk());
  EXPECT_THAT(check_password_policy("abababab"), IsOk());  // two characters is not "one character"
}

TEST(PasswordPolicy, RefusesFewerThanEightBytes) {
  EXPECT_THAT(check_password_policy(""), HasProblem("bad_value", "password"));
  Result<std::string> r = check_password_policy("abc1234");
  EXPECT_THAT(r, HasProblem("bad_value", "password"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.problems()[0].message, HasSubstr("至少需要 8 个字节"));
  EXPECT_THAT(check_password_policy("密码"), HasProblem("bad_value", "password"));  // 6 bytes
}

TEST(PasswordPolicy, RefusesMoreThan1024Bytes) {
  Result<std::string> r = check_password_policy(std::string(1024, 'x') + "y");
  EXPECT_THAT(r, HasProblem("bad_value", "password"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.problems()[0].message, HasSubstr("最多 1024 个字节"));
}

TEST(PasswordPolicy, RefusesOneCharacterRepeated) {
  Result<std::string> r = check_password_policy("aaaaaaaa");
  EXPECT_THAT(r, HasProblem("bad_value", "password"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.problems()[0].message, HasSubstr("同一个字符"));
  EXPECT_THAT(check_password_policy("密密密密密密密密"), HasProblem("bad_value", "password"));
  EXPECT_THAT(check_password_policy(std::string(1024, ' ')), HasProblem("bad_value", "password"));
}

// --- read_password_file
// -------------------------------------------------------------------------------

class PasswordFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sn_security_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(PasswordFile, StripsOneTrailingNewlineAndKeepsSpaces) {
  Result<std::string> lf = read_password_file(write("lf", "  my pass word \n"));
  ASSERT_THAT(lf, IsOk());
  EXPECT_EQ(*lf, "  my pass word ");

  Result<std::string> crlf = read_password_file(write("crlf", "my pass word\r\n"));
  ASSERT_THAT(crlf, IsOk());
  EXPECT_EQ(*crlf, "my pass word");

  Result<std::string> none = read_password_file(write("none", "my pass word"));
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(*none, "my pass word");

  // Only ONE newline goes: a second one is part of the password.
  Result<std::string> two = read_password_file(write("two", "my pass word\n\n"));
  ASSERT_THAT(two, IsOk());
  EXPECT_EQ(*two, "my pass word\n");

  // A lone "\r" is not a line ending here.
  Result<std::string> cr = read_password_file(write("cr", "my pass word\r"));
  ASSERT_THAT(cr, IsOk());
  EXPECT_EQ(*cr, "my pass word\r");
}

TEST_F(PasswordFile, RefusesAMissingFileNamingIt) {
  const std::string path = (dir_ / "no-such-file").string();
  Result<std::string> r = read_password_file(path);
  EXPECT_THAT(r, HasProblem("bad_value", "password-file"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.problems()[0].message, HasSubstr(path));
  EXPECT_THAT(r.problems()[0].message, HasSubstr("无法打开密码文件"));
}

TEST_F(PasswordFile, RefusesAnEmptyFileNamingIt) {
  for (const std::string& bytes : {std::string(""), std::string("\n"), std::string("\r\n")}) {
    const std::string path = write("empty", bytes);
    Result<std::string> r = read_password_file(path);
    EXPECT_THAT(r, HasProblem("bad_value", "password-file"));
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(r.problems()[0].message, HasSubstr(path));
    EXPECT_THAT(r.problems()[0].message, HasSubstr("是空的"));
  }
}

TEST_F(PasswordFile, RefusesADirectoryAndAnOverlongFile) {
  EXPECT_THAT(read_password_file(dir_.string()), HasProblem("bad_value", "password-file"));
  Result<std::string> big =
      read_password_file(write("big", std::string(kMaxPasswordFileBytes + 1, 'x')));
  EXPECT_THAT(big, HasProblem("bad_value", "password-file"));
  ASSERT_FALSE(big.ok());
  EXPECT_THAT(big.problems()[0].message, HasSubstr("超过 4096 个字节"));
  // Exactly the limit is read.
  EXPECT_THAT(read_password_file(write("limit", std::string(kMaxPasswordFileBytes, 'x'))), IsOk());
}

// --- token.hpp
// --------------------------------------------------------------------------------------

TEST(Token, RandomTokenIs64LowercaseHexAndFresh) {
  const std::string a = random_token();
  const std::string b = random_token();
  EXPECT_THAT(a, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_THAT(b, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_NE(a, b);
}

TEST(Token, DigestIsHexBlake2b256) {
  // python3 -c "import hashlib;print(hashlib.blake2b(b'abc',digest_size=32).hexdigest())"
  EXPECT_EQ(token_digest("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_EQ(token_digest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  const std::string t = random_token();
  EXPECT_THAT(token_digest(t), MatchesRegex("[0-9a-f]{64}"));
  EXPECT_NE(token_digest(t), t);
  EXPECT_EQ(token_digest(t), token_digest(t));
}

TEST(Token, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));  // sizes differ
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
  const std::string t = random_token();
  EXPECT_TRUE(constant_time_equal(token_digest(t), token_digest(std::string(t))));
}

}  // namespace
}  // namespace safetynet::security
