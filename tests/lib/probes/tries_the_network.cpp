// racelab-probe-expects: pass
// racelab-probe-needs: no-network
// Code under test that tries to reach the network (to fetch answers, or to send the tests
// away) finds none: the grader runs test binaries in a network namespace of their own, where
// not even the machine's loopback services can be reached.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

// Whether a TCP connection to `address`:`port` can be made.
bool Connects(const char* address, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port);
  inet_pton(AF_INET, address, &peer.sin_addr);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&peer), sizeof(peer)) == 0;
  close(fd);
  return connected;
}

TEST(Probe, FindsNoNetwork) {
  // No interface is up: the namespace's own loopback starts down, and nothing else is in it.
  ifaddrs* interfaces = nullptr;
  ASSERT_EQ(getifaddrs(&interfaces), 0);
  for (ifaddrs* at = interfaces; at != nullptr; at = at->ifa_next) {
    EXPECT_FALSE(at->ifa_flags & IFF_UP) << at->ifa_name << " is up";
  }
  freeifaddrs(interfaces);
  EXPECT_FALSE(Connects("127.0.0.1", 22));
  EXPECT_FALSE(Connects("1.1.1.1", 53));
}
