// The DNS server's wire format and name resolution.
#include <mocker/network/dns.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;

namespace {

net::Ipv4 ip(const char* text) { return *net::Ipv4::parse(text); }

TEST(DnsWire, QueryRoundTrip) {
  auto query = net::build_dns_query(0x1234, "Web-1.Example", net::kDnsTypeA);
  auto q = net::parse_dns_query(query);
  ASSERT_TRUE(q) << q.error().render();
  EXPECT_EQ(q->id, 0x1234);
  EXPECT_EQ(q->name, "web-1.example");
  EXPECT_EQ(q->type, net::kDnsTypeA);
  EXPECT_EQ(q->klass, net::kDnsClassIn);
  EXPECT_TRUE(q->recursion_desired);
  EXPECT_EQ(q->end, query.size());
}

TEST(DnsWire, AnswerCarriesEveryAddress) {
  auto query = net::build_dns_query(7, "web");
  auto q = *net::parse_dns_query(query);
  auto answer = net::build_dns_answer(query, q, net::DnsRcode::no_error, {ip("10.1.0.3"), ip("10.1.0.4")});
  auto r = net::parse_dns_reply(answer);
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_EQ(r->id, 7);
  EXPECT_EQ(r->rcode, net::DnsRcode::no_error);
  EXPECT_EQ(r->addresses, (std::vector<net::Ipv4>{ip("10.1.0.3"), ip("10.1.0.4")}));
}

TEST(DnsWire, AnswerStaysWithin512BytesAndSetsTruncated) {
  auto query = net::build_dns_query(9, "many");
  auto q = *net::parse_dns_query(query);
  std::vector<net::Ipv4> addresses;
  for (uint32_t i = 0; i < 100; ++i) addresses.push_back(net::Ipv4{0x0a000000 + i});
  auto answer = net::build_dns_answer(query, q, net::DnsRcode::no_error, addresses);
  EXPECT_LE(answer.size(), 512u);
  EXPECT_TRUE(answer[2] & 0x02) << "TC bit";
  EXPECT_LT(net::parse_dns_reply(answer)->addresses.size(), 100u);
}

TEST(DnsWire, NameErrorHasNoAnswers) {
  auto query = net::build_dns_query(3, "nobody");
  auto answer = net::build_dns_answer(query, *net::parse_dns_query(query), net::DnsRcode::name_error, {});
  auto r = net::parse_dns_reply(answer);
  EXPECT_EQ(r->rcode, net::DnsRcode::name_error);
  EXPECT_TRUE(r->addresses.empty());
}

TEST(DnsWire, RefusesWhatIsNotOneStandardQuestion) {
  auto good = net::build_dns_query(1, "a");
  std::vector<std::vector<uint8_t>> bad = {
      {},
      std::vector<uint8_t>(good.begin(), good.begin() + 11),            // short header
      std::vector<uint8_t>(good.begin(), good.end() - 1),               // cut question
  };
  auto response = good;
  response[2] |= 0x80;
  bad.push_back(response);
  auto two = good;
  two[5] = 2;
  bad.push_back(two);
  auto compressed = good;
  compressed[12] = 0xc0;
  bad.push_back(compressed);
  for (const auto& m : bad) EXPECT_FALSE(net::parse_dns_query(m)) << m.size();
  auto err = net::build_dns_error(good, net::DnsRcode::format_error);
  EXPECT_EQ(net::parse_dns_reply(err)->rcode, net::DnsRcode::format_error);
  EXPECT_EQ(net::parse_dns_reply(err)->id, 1);
}

net::Endpoint endpoint(const char* container, const char* name, const char* address, std::vector<std::string> aliases = {}) {
  net::Endpoint e;
  e.container_id = container;
  e.container_name = name;
  e.ip = ip(address);
  e.aliases = std::move(aliases);
  return e;
}

const std::vector<net::NetworkEndpoints> kNetworks = {
    {"front", {endpoint("aaaaaaaaaaaa1111", "web-1", "10.1.0.3", {"web"}), endpoint("bbbbbbbbbbbb2222", "web-2", "10.1.0.4", {"web"}),
               endpoint("cccccccccccc3333", "proxy", "10.1.0.2")}},
    {"back", {endpoint("aaaaaaaaaaaa1111", "web-1", "10.2.0.2"), endpoint("dddddddddddd4444", "db", "10.2.0.3", {"database"})}},
    {"other", {endpoint("eeeeeeeeeeee5555", "db", "10.3.0.2")}},
};

std::string resolve(const char* name, const char* network, const char* source) {
  auto r = net::resolve_name(name, network, ip(source), kNetworks);
  if (!r.known) return "unknown";
  std::string out;
  for (const auto& a : r.addresses) out += (out.empty() ? "" : " ") + a.str();
  return out;
}

struct ResolveCase {
  const char* name;
  const char* network;
  const char* source;
  const char* result;
};

class Resolve : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(Resolve, AnswersFromTheAskersNetworks) {
  const auto& c = GetParam();
  EXPECT_EQ(resolve(c.name, c.network, c.source), c.result) << c.name << " on " << c.network << " from " << c.source;
}

INSTANTIATE_TEST_SUITE_P(
    Names, Resolve,
    ::testing::Values(ResolveCase{"proxy", "front", "10.1.0.3", "10.1.0.2"},
                      ResolveCase{"PROXY", "front", "10.1.0.3", "10.1.0.2"},
                      ResolveCase{"web", "front", "10.1.0.2", "10.1.0.3 10.1.0.4"},        // every container under the alias
                      ResolveCase{"db", "front", "10.1.0.3", "10.2.0.3"},                 // web-1 is on back too
                      ResolveCase{"database", "back", "10.2.0.2", "10.2.0.3"},
                      ResolveCase{"db", "front", "10.1.0.2", "unknown"},                  // proxy is not on back
                      ResolveCase{"db", "front", "10.9.9.9", "unknown"},                  // an unknown asker sees its network only
                      ResolveCase{"web-1", "back", "10.2.0.3", "10.2.0.2"},               // the address on the asker's network
                      ResolveCase{"db", "other", "10.3.0.2", "10.3.0.2"},                 // same name, separate network
                      ResolveCase{"dddddddddddd", "back", "10.2.0.2", "10.2.0.3"},        // short id
                      ResolveCase{"dddddddddddd4444", "back", "10.2.0.2", "10.2.0.3"},    // full id
                      ResolveCase{"dddd", "back", "10.2.0.2", "unknown"},
                      ResolveCase{"example.com", "front", "10.1.0.3", "unknown"},
                      ResolveCase{"proxy", "nowhere", "10.1.0.3", "unknown"}));

}  // namespace
