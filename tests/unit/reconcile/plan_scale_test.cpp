// `up` plans for replica counts, orphans, service selection and refusals.
#include "reconcile_test_util.hpp"

namespace mocker::orchestrator::reconcile {
namespace {

using testing::container;
using testing::converged;
using testing::lines;
using testing::load;
using Lines = std::vector<std::string>;

const char* kWorkers = R"(name: demo
services:
  queue: {image: redis}
  worker:
    image: worker
    scale: 4
    depends_on: [queue]
)";

TEST(PlanScale, ScaleUpCreatesTheNextNumbers) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  Observed observed = converged(project);
  PlanOptions options;
  options.scale = {{"web", 3}};
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{
      "create container demo-web-2 (service web): scaled up to 3",
      "create container demo-web-3 (service web): scaled up to 3",
  }));
}

TEST(PlanScale, ScaleUpFillsGapsFirst) {
  spec::Project project = load(kWorkers);
  Observed observed = converged(project);
  std::erase_if(observed.containers, [](const auto& c) { return c.name == "demo-worker-2"; });
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "create container demo-worker-2 (service worker): scaled up to 4",
  }));
}

TEST(PlanScale, ScaleDownRemovesHighestNumbersFirst) {
  spec::Project project = load(kWorkers);
  Observed observed = converged(project);
  container(observed, "demo-worker-3").status = ContainerStatus::exited;
  PlanOptions options;
  options.scale = {{"worker", 2}};
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{
      "stop demo-worker-4: scaled down to 2",
      "remove demo-worker-4: scaled down to 2",
      "remove demo-worker-3: scaled down to 2",
  }));
}

TEST(PlanScale, ScaleToZeroRemovesEveryReplica) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  PlanOptions options;
  options.scale = {{"web", 0}};
  EXPECT_EQ(lines(plan(project, converged(project), options)), (Lines{
      "stop demo-web-1: scaled down to 0",
      "remove demo-web-1: scaled down to 0",
  }));
}

TEST(PlanScale, ContainerNameCannotBeScaled) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx, container_name: front}\n");
  EXPECT_EQ(lines(plan(project, {}, {})), (Lines{
      "create network demo_default",
      "create container front (service web): new",
  }));
  PlanOptions options;
  options.scale = {{"web", 2}};
  EXPECT_EQ(lines(plan(project, {}, options)), (Lines{
      "create network demo_default",
      "error: services.web: container_name \"front\" cannot be used with 2 replicas; container names must be unique",
  }));
}

ObservedContainer orphan(const std::string& service, ContainerStatus status) {
  ObservedContainer c;
  c.id = "old-id";
  c.name = "demo-" + service + "-1";
  c.service = service;
  c.status = status;
  return c;
}

TEST(PlanScale, OrphansAreOnlyReportedWithoutRemoveOrphans) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  Observed observed = converged(project);
  observed.containers.push_back(orphan("old", ContainerStatus::running));
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "nothing to do",
      "warning: orphan container demo-old-1 (service old); use --remove-orphans",
  }));
  PlanOptions options;
  options.remove_orphans = true;
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{
      "stop demo-old-1: orphan (service old)",
      "remove demo-old-1: orphan (service old)",
  }));
}

TEST(PlanScale, ContainersOfServicesDisabledByProfilesAreNotOrphans) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n  debug: {image: busybox, profiles: [dbg]}\n");
  Observed observed = converged(project);
  observed.containers.push_back(orphan("debug", ContainerStatus::running));
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{"nothing to do"}));
}

TEST(PlanScale, FinishedOneOffContainersAreOrphans) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  Observed observed = converged(project);
  ObservedContainer run = orphan("web", ContainerStatus::exited);
  run.name = "demo-web-run-1f2e";
  run.oneoff = true;
  observed.containers.push_back(run);
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "nothing to do",
      "warning: orphan container demo-web-run-1f2e (service web); use --remove-orphans",
  }));
  observed.containers.back().status = ContainerStatus::running;
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{"nothing to do"}));
}

TEST(PlanScale, NamedServicesBringTheirDependencies) {
  spec::Project project = load(R"(name: demo
services:
  db: {image: db, networks: [back]}
  api: {image: api, depends_on: [db], networks: [back, front]}
  web: {image: web, networks: [front]}
networks:
  back: {}
  front: {}
)");
  PlanOptions options;
  options.services = {"api"};
  EXPECT_EQ(lines(plan(project, {}, options)), (Lines{
      "create network demo_back",
      "create network demo_front",
      "create container demo-db-1 (service db): new",
      "create container demo-api-1 (service api): new",
  }));
  options.no_deps = true;
  EXPECT_EQ(lines(plan(project, {}, options)), (Lines{
      "create network demo_back",
      "create network demo_front",
      "create container demo-api-1 (service api): new",
  }));
  options.services = {"db", "nope"};
  EXPECT_EQ(lines(plan(project, {}, options)), (Lines{
      "create network demo_back",
      "create container demo-db-1 (service db): new",
      "error: no such service: nope",
  }));
}

TEST(PlanScale, ExternalNetworksMustExistAndForeignOnesAreRefused) {
  spec::Project project = load(R"(name: demo
services:
  web: {image: web, networks: [shared, own]}
networks:
  shared: {external: true}
  own: {}
)");
  EXPECT_EQ(lines(plan(project, {}, {})), (Lines{
      "create network demo_own",
      "create container demo-web-1 (service web): new",
      "error: network shared declared as external, but could not be found",
  }));
  Observed observed;
  observed.networks.push_back({"shared", "n1", {}, true});
  observed.networks.push_back({"demo_own", "n2", {}, true});
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "create container demo-web-1 (service web): new",
      "error: network demo_own exists but was not created for project demo; declare it external or remove it",
  }));
}

}  // namespace
}  // namespace mocker::orchestrator::reconcile
