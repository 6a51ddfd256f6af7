// What the demo loaders (demo_assignments.h, demo_teams.h) share: calls into
// the services as a principal, the org service read and written as the
// BKPSDM operator (heads, PDs, kedudukan, the holders of a post) and the
// principal a pegawai acts as, linked to "nip-<NIP>" where no subject is.
#ifndef SISKER_DEPLOY_DEMO_DEMO_CLIENT_H_
#define SISKER_DEPLOY_DEMO_DEMO_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/grpc_status.h"
#include "common/principal.h"
#include "common/status_macros.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::demo {

struct Day {
  int y = 0, m = 0, d = 0;
};

google::type::Date ToDate(Day day);
// A UUID-shaped request id (common/idempotency) stable for `key`: made of
// the hash of "sisker-demo/<key>".
std::string RequestId(const std::string& key);
// A post id as demo_kedudukan.cc makes it (unit id and suffix, ≤ 40).
std::string PostId(const std::string& unit, const std::string& suffix);

class DemoClient {
 public:
  // `link_reason`: the reason the org service records when As links a
  // pegawai to "nip-<NIP>".
  DemoClient(std::string instansi, std::string bkpsdm_subject,
             std::shared_ptr<grpc::Channel> org,
             const common::AssertionSigner& signer, std::string link_reason);

  // Calls `rpc` on `stub` as `principal` (an assertion minted for
  // `audience`), with a deadline of 20 s.
  template <typename Stub, typename Rpc, typename Request, typename Response>
  absl::Status Call(Stub& stub, const char* audience,
                    const common::Principal& principal, Rpc rpc,
                    const Request& request, Response* response) const {
    grpc::ClientContext context;
    ASSIGN_OR_RETURN(std::string assertion, signer_.Mint(principal, audience));
    context.AddMetadata(common::kPrincipalMetadata, assertion);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    return common::FromGrpcStatus((stub.*rpc)(&context, request, response));
  }
  // Calls the org service as the BKPSDM operator.
  template <typename Rpc, typename Request, typename Response>
  absl::Status Org(Rpc rpc, const Request& request, Response* response) const {
    return Call(*org_, "sisker-org", bkpsdm_, rpc, request, response);
  }

  absl::StatusOr<v1::Heads> Heads(const std::string& name) const;
  // The PD of a unit (asked once per unit).
  absl::StatusOr<std::string> PdOf(const std::string& unit);
  // Today's kedudukan of a pegawai, or the one on `as_of`.
  absl::StatusOr<v1::Kedudukan> KedudukanOf(
      const std::string& pegawai, std::optional<Day> as_of = {}) const;
  // The current holders of a post (no Plt/Plh, no ended holding), sorted.
  absl::StatusOr<std::vector<std::string>> Holders(
      const std::string& post) const;
  // The principal of a pegawai, linking "nip-<NIP>" if no subject is.
  absl::StatusOr<common::Principal> As(const std::string& pegawai);
  // The NIP of a pegawai As has seen, else "".
  std::string NipOf(const std::string& pegawai) const;

 private:
  std::string instansi_;
  common::Principal bkpsdm_;
  std::unique_ptr<v1::OrgService::Stub> org_;
  const common::AssertionSigner& signer_;
  std::string link_reason_;
  std::map<std::string, std::string> subject_;  // pegawai -> subject
  std::map<std::string, std::string> nip_;      // pegawai -> NIP
  std::map<std::string, std::string> pd_of_;    // unit -> PD
};

}  // namespace sisker::demo

#endif  // SISKER_DEPLOY_DEMO_DEMO_CLIENT_H_
