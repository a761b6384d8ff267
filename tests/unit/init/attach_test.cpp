#include <mocker/init/attach.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

TEST(AttachMessages, OutputRoundTrips) {
  for (auto stream : {init::AttachStream::out, init::AttachStream::err}) {
    auto m = init::decode_output(init::encode_output(stream, std::string("a\0b\n", 4)));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->stream, stream);
    EXPECT_EQ(m->bytes, std::string("a\0b\n", 4));
  }
  EXPECT_FALSE(init::decode_output(""));
  EXPECT_FALSE(init::decode_output("\x03x"));
}

TEST(AttachMessages, ClientMessagesRoundTrip) {
  auto input = init::decode_client_message(init::encode_input("ls\n"));
  ASSERT_TRUE(input);
  EXPECT_EQ(input->kind, init::AttachKind::input);
  EXPECT_EQ(input->bytes, "ls\n");

  auto close = init::decode_client_message(init::encode_close_input());
  ASSERT_TRUE(close);
  EXPECT_EQ(close->kind, init::AttachKind::close_input);

  auto resize = init::decode_client_message(init::encode_resize(50, 200));
  ASSERT_TRUE(resize);
  EXPECT_EQ(resize->kind, init::AttachKind::resize);
  EXPECT_EQ(resize->rows, 50);
  EXPECT_EQ(resize->cols, 200);
}

TEST(AttachMessages, RejectsMalformedClientMessages) {
  for (const std::string& bad : {std::string(), std::string("x"), std::string("cc"), std::string("r\x01\x02"),
                                std::string("r12345")})
    EXPECT_FALSE(init::decode_client_message(bad)) << bad;
}

}  // namespace
