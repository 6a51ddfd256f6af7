#include "common/org_client.h"

#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "common/status_macros.h"

namespace sisker::common {
namespace {

constexpr absl::Duration kAssertionLifetime = absl::Minutes(5);

google::type::Date ProtoDay(absl::CivilDay day) { return ToProtoDate(day); }

}  // namespace

OrgClient::OrgClient(std::shared_ptr<grpc::Channel> channel,
                     const AssertionSigner* signer, OrgClientOptions options)
    : stub_(sisker::v1::OrgService::NewStub(std::move(channel))),
      signer_(signer),
      options_(std::move(options)),
      instansi_(10000, options_.cache_ttl),
      units_(options_.cache_entries / 10 + 1, options_.cache_ttl),
      pds_(options_.cache_entries / 10 + 1, options_.cache_ttl),
      subjects_(options_.cache_entries, options_.cache_ttl),
      kedudukan_(options_.cache_entries, options_.cache_ttl),
      heads_(options_.cache_entries / 10 + 1, options_.cache_ttl) {
  // Off until the event feed is followed (OnFollowing(true)).
  instansi_.SetEnabled(false);
  units_.SetEnabled(false);
  pds_.SetEnabled(false);
  subjects_.SetEnabled(false);
  kedudukan_.SetEnabled(false);
  heads_.SetEnabled(false);
}

std::optional<std::string> OrgClient::InstansiOf(const std::string& name) {
  if (!absl::StartsWith(name, "instansi/")) return std::nullopt;
  const size_t end = name.find('/', 9);
  std::string id = name.substr(9, end == std::string::npos ? end : end - 9);
  if (id.empty()) return std::nullopt;
  return id;
}

std::unique_ptr<grpc::ClientContext> OrgClient::Context(
    const std::string& instansi, absl::Time deadline) {
  const absl::Time now = absl::Now();
  std::string assertion;
  {
    absl::MutexLock lock(&mu_);
    auto& minted = assertions_[instansi];
    if (minted.expires - absl::Seconds(30) < now) {
      auto fresh = signer_->Mint(Principal{instansi,
                                           options_.service,
                                           Principal::Kind::kService,
                                           {"org.read"}},
                                 "sisker-org", now, kAssertionLifetime);
      if (fresh.ok()) minted = {*fresh, now + kAssertionLifetime};
    }
    assertion = minted.assertion;
  }
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata(kPrincipalMetadata, assertion);
  ctx->set_deadline(
      absl::ToChronoTime(std::min(deadline, now + options_.deadline)));
  return ctx;
}

absl::StatusOr<absl::CivilDay> OrgClient::DayFor(
    const std::string& instansi, std::optional<absl::CivilDay> as_of,
    absl::Time deadline) {
  if (as_of) return *as_of;
  ASSIGN_OR_RETURN(sisker::v1::Instansi i, GetInstansi(instansi, deadline));
  return TodayIn(i.time_zone());
}

absl::StatusOr<sisker::v1::Instansi> OrgClient::GetInstansi(
    const std::string& instansi, absl::Time deadline) {
  if (auto hit = instansi_.Get(instansi, "")) return *std::move(hit);
  const uint64_t generation = instansi_.Generation(instansi);
  sisker::v1::GetInstansiRequest r;
  r.set_name("instansi/" + instansi);
  sisker::v1::Instansi out;
  auto ctx = Context(instansi, deadline);
  RETURN_IF_ERROR(FromGrpcStatus(stub_->GetInstansi(ctx.get(), r, &out)));
  instansi_.Put(instansi, "", out, generation);
  return out;
}

template <typename Response, typename Request>
absl::StatusOr<Response> OrgClient::DatedLookup(
    LookupCache<Response>& cache, const std::string& name,
    const std::string& request_name, const char* field,
    std::optional<absl::CivilDay> as_of, absl::Time deadline,
    grpc::Status (sisker::v1::OrgService::Stub::*rpc)(grpc::ClientContext*,
                                                      const Request&,
                                                      Response*)) {
  auto instansi = InstansiOf(name);
  if (!instansi) {
    return InvalidFields({{field,
                           "must name a resource of an instansi "
                           "(instansi/{i}/...)"}});
  }
  ASSIGN_OR_RETURN(absl::CivilDay day, DayFor(*instansi, as_of, deadline));
  const std::string key = absl::StrCat(name, "|", ToIsoDate(day));
  if (auto hit = cache.Get(*instansi, key)) return *std::move(hit);
  const uint64_t generation = cache.Generation(*instansi);
  Request r;
  r.set_name(request_name);
  *r.mutable_as_of() = ProtoDay(day);
  Response out;
  auto ctx = Context(*instansi, deadline);
  RETURN_IF_ERROR(FromGrpcStatus((stub_.get()->*rpc)(ctx.get(), r, &out)));
  cache.Put(*instansi, key, out, generation);
  return out;
}

absl::StatusOr<sisker::v1::Unit> OrgClient::GetUnit(
    const std::string& unit, std::optional<absl::CivilDay> as_of,
    absl::Time deadline) {
  return DatedLookup(units_, unit, unit, "unit", as_of, deadline,
                     &sisker::v1::OrgService::Stub::GetUnit);
}

absl::StatusOr<sisker::v1::PerangkatDaerah> OrgClient::GetPerangkatDaerah(
    const std::string& pd, std::optional<absl::CivilDay> as_of,
    absl::Time deadline) {
  return DatedLookup(pds_, pd, pd, "perangkat_daerah", as_of, deadline,
                     &sisker::v1::OrgService::Stub::GetPerangkatDaerah);
}

absl::StatusOr<sisker::v1::ExternalParticipant>
OrgClient::GetExternalParticipant(const std::string& name,
                                  absl::Time deadline) {
  auto instansi = InstansiOf(name);
  if (!instansi) {
    return InvalidFields(
        {{"name", "must be instansi/{i}/externalParticipants/{x}"}});
  }
  sisker::v1::GetExternalParticipantRequest r;
  r.set_name(name);
  sisker::v1::ExternalParticipant out;
  auto ctx = Context(*instansi, deadline);
  RETURN_IF_ERROR(
      FromGrpcStatus(stub_->GetExternalParticipant(ctx.get(), r, &out)));
  return out;
}

absl::StatusOr<bool> OrgClient::AnyHolderIn(
    const std::string& pd, absl::CivilDay day,
    const std::function<bool(const sisker::v1::Post&)>& match,
    absl::Time deadline) {
  auto instansi = InstansiOf(pd);
  if (!instansi) {
    return InvalidFields(
        {{"perangkat_daerah", "must be instansi/{i}/perangkatDaerah/{d}"}});
  }
  sisker::v1::ListPostsRequest list;
  list.set_parent("instansi/" + *instansi);
  list.set_perangkat_daerah(pd);
  *list.mutable_as_of() = ToProtoDate(day);
  list.set_page_size(500);
  do {
    sisker::v1::ListPostsResponse page;
    auto ctx = Context(*instansi, deadline);
    RETURN_IF_ERROR(FromGrpcStatus(stub_->ListPosts(ctx.get(), list, &page)));
    for (const auto& post : page.posts()) {
      if (!match(post)) continue;
      sisker::v1::ListPostHoldersRequest holders;
      holders.set_name(post.name());
      *holders.mutable_from() = ToProtoDate(day);
      *holders.mutable_to() = ToProtoDate(day);
      sisker::v1::ListPostHoldersResponse held;
      auto hctx = Context(*instansi, deadline);
      RETURN_IF_ERROR(
          FromGrpcStatus(stub_->ListPostHolders(hctx.get(), holders, &held)));
      for (const auto& h : held.holdings()) {
        if (h.person().acting().empty()) return true;
      }
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  return false;
}

absl::StatusOr<sisker::v1::Kedudukan> OrgClient::GetKedudukan(
    const std::string& pegawai, std::optional<absl::CivilDay> as_of,
    absl::Time deadline) {
  return DatedLookup(kedudukan_, pegawai, pegawai + "/kedudukan", "pegawai",
                     as_of, deadline,
                     &sisker::v1::OrgService::Stub::GetKedudukan);
}

absl::StatusOr<sisker::v1::Heads> OrgClient::GetHeads(
    const std::string& name, std::optional<absl::CivilDay> as_of,
    absl::Time deadline) {
  return DatedLookup(heads_, name, name, "name", as_of, deadline,
                     &sisker::v1::OrgService::Stub::GetHeads);
}

absl::StatusOr<sisker::v1::SubjectPerson> OrgClient::LookupSubject(
    const std::string& instansi, const std::string& subject,
    absl::Time deadline) {
  ASSIGN_OR_RETURN(absl::CivilDay day,
                   DayFor(instansi, std::nullopt, deadline));
  const std::string key = absl::StrCat(subject, "|", ToIsoDate(day));
  if (auto hit = subjects_.Get(instansi, key)) return *std::move(hit);
  const uint64_t generation = subjects_.Generation(instansi);
  sisker::v1::LookupSubjectRequest r;
  r.set_parent("instansi/" + instansi);
  r.set_subject(subject);
  sisker::v1::SubjectPerson out;
  auto ctx = Context(instansi, deadline);
  RETURN_IF_ERROR(FromGrpcStatus(stub_->LookupSubject(ctx.get(), r, &out)));
  subjects_.Put(instansi, key, out, generation);
  return out;
}

void OrgClient::OnOrgEvent(const sisker::v1::EventEnvelope& e) {
  instansi_.Invalidate(e.instansi());
  units_.Invalidate(e.instansi());
  pds_.Invalidate(e.instansi());
  subjects_.Invalidate(e.instansi());
  kedudukan_.Invalidate(e.instansi());
  heads_.Invalidate(e.instansi());
}

void OrgClient::OnFollowing(bool following) {
  instansi_.SetEnabled(following);
  units_.SetEnabled(following);
  pds_.SetEnabled(following);
  subjects_.SetEnabled(following);
  kedudukan_.SetEnabled(following);
  heads_.SetEnabled(following);
}

}  // namespace sisker::common
