// `up` plans compared with their text form: what changes, and why.
#include "reconcile_test_util.hpp"

namespace mocker::orchestrator::reconcile {
namespace {

using testing::apply;
using testing::container;
using testing::converged;
using testing::lines;
using testing::load;
using Lines = std::vector<std::string>;

const char* kStack = R"(name: demo
services:
  db:
    image: postgres
    environment: {POSTGRES_PASSWORD: secret}
    volumes: [data:/var/lib/postgresql/data]
  api:
    image: api
    environment: {MODE: prod}
    depends_on:
      db: {condition: service_healthy}
  web:
    image: nginx
    depends_on: [api]
volumes:
  data: {}
)";

std::string with_api_mode(const std::string& mode) {
  std::string yaml = kStack;
  yaml.replace(yaml.find("MODE: prod"), 10, "MODE: " + mode);
  return yaml;
}

TEST(PlanUp, NewStackCreatesResourcesThenServicesInDependencyOrder) {
  EXPECT_EQ(lines(plan(load(kStack), {}, {})), (Lines{
      "create network demo_default",
      "create volume demo_data",
      "create container demo-db-1 (service db): new",
      "create container demo-api-1 (service api): new",
      "create container demo-web-1 (service web): new",
  }));
}

TEST(PlanUp, ContainersWaitForTheirResourcesAndDependencies) {
  Plan p = plan(load(kStack), {}, {});
  ASSERT_EQ(p.operations.size(), 5u);
  EXPECT_EQ(p.operations[2].after, (std::vector<size_t>{0, 1}));  // db: network, volume
  EXPECT_EQ(p.operations[3].after, (std::vector<size_t>{0, 2}));  // api: network, db
  ASSERT_EQ(p.operations[3].waits.size(), 1u);
  EXPECT_EQ(p.operations[3].waits[0].service, "db");
  EXPECT_EQ(p.operations[3].waits[0].condition, spec::DependencyCondition::service_healthy);
  EXPECT_TRUE(p.operations[3].waits[0].required);
  EXPECT_EQ(p.operations[4].waits[0].condition, spec::DependencyCondition::service_started);
}

TEST(PlanUp, ConvergedStackHasNothingToDo) {
  spec::Project project = load(kStack);
  Plan p = plan(project, converged(project), {});
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(lines(p), (Lines{"nothing to do"}));
}

TEST(PlanUp, EnvironmentChangeRecreatesOnlyThatService) {
  Observed observed = converged(load(kStack));
  EXPECT_EQ(lines(plan(load(with_api_mode("dev")), observed, {})), (Lines{
      "recreate demo-api-1: config changed",
  }));
}

TEST(PlanUp, RestartTrueRestartsRunningDependentsOfARecreatedService) {
  const std::string base = R"(name: demo
services:
  db: {image: postgres, environment: {V: '1'}}
  api:
    image: api
    depends_on: {db: {condition: service_started, restart: true}}
  worker:
    image: worker
    depends_on: {api: {condition: service_started, restart: true}}
  report:
    image: report
    depends_on: [db]
)";
  Observed observed = converged(load(base));
  std::string changed = base;
  changed.replace(changed.find("V: '1'"), 6, "V: '2'");
  EXPECT_EQ(lines(plan(load(changed), observed, {})), (Lines{
      "recreate demo-db-1: config changed",
      "restart demo-api-1: dependency db recreated",
      "restart demo-worker-1: dependency api restarted",
  }));
}

TEST(PlanUp, NetworkNamespaceChildFollowsItsParent) {
  const std::string base = R"(name: demo
services:
  vpn: {image: vpn, environment: {V: '1'}}
  app: {image: app, network_mode: 'service:vpn'}
)";
  Observed observed = converged(load(base));
  std::string changed = base;
  changed.replace(changed.find("V: '1'"), 6, "V: '2'");
  EXPECT_EQ(lines(plan(load(changed), observed, {})), (Lines{
      "recreate demo-vpn-1: config changed",
      "recreate demo-app-1: network namespace parent recreated",
  }));
}

TEST(PlanUp, NetworkNamespaceChildOfAnEarlierParentIsRecreated) {
  const std::string yaml = R"(name: demo
services:
  vpn: {image: vpn}
  app: {image: app, network_mode: 'service:vpn'}
)";
  spec::Project project = load(yaml);
  Observed observed = converged(project);
  // vpn was recreated by an earlier `up vpn --no-deps`; app still holds the old namespace.
  container(observed, "demo-app-1").network_parent_id = "gone";
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "recreate demo-app-1: network namespace parent recreated",
  }));
}

TEST(PlanUp, ImageChangedRecreates) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n  db: {image: db}\n");
  PlanOptions before;
  before.image_ids = {{"web", "sha256:aaa"}, {"db", "sha256:ddd"}};
  Observed observed = converged(project, before);
  PlanOptions after = before;
  after.image_ids["web"] = "sha256:bbb";
  EXPECT_EQ(lines(plan(project, observed, after)), (Lines{"recreate demo-web-1: image changed"}));
  EXPECT_EQ(lines(plan(project, observed, before)), (Lines{"nothing to do"}));
}

TEST(PlanUp, ForceRecreateAppliesToTheNamedServicesOnly) {
  spec::Project project = load(kStack);
  Observed observed = converged(project);
  PlanOptions all;
  all.force_recreate = true;
  EXPECT_EQ(lines(plan(project, observed, all)), (Lines{
      "recreate demo-db-1: forced",
      "recreate demo-api-1: forced",
      "recreate demo-web-1: forced",
  }));
  PlanOptions named = all;
  named.services = {"api"};
  EXPECT_EQ(lines(plan(project, observed, named)), (Lines{"recreate demo-api-1: forced"}));
}

TEST(PlanUp, NoRecreateKeepsChangedContainersButStartsStoppedOnes) {
  Observed observed = converged(load(kStack));
  container(observed, "demo-api-1").status = ContainerStatus::exited;
  PlanOptions options;
  options.no_recreate = true;
  EXPECT_EQ(lines(plan(load(with_api_mode("dev")), observed, options)), (Lines{
      "start demo-api-1: exited (code 0)",
  }));
}

TEST(PlanUp, StoppedContainersWithCurrentConfigAreStarted) {
  spec::Project project = load(kStack);
  Observed observed = converged(project);
  container(observed, "demo-db-1").status = ContainerStatus::exited;
  container(observed, "demo-db-1").exit_code = 137;
  container(observed, "demo-web-1").status = ContainerStatus::created;
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "start demo-db-1: exited (code 137)",
      "start demo-web-1: created, not started",
  }));
}

TEST(PlanUp, RecreatingANamespaceParentBringsItsSharersAlongEvenUnselected) {
  spec::Project project = load(R"(name: demo
services:
  app: {image: app}
  sidecar:
    image: side
    network_mode: "service:app"
)");
  Observed observed = converged(project);
  PlanOptions options;
  options.services = {"app"};
  options.force_recreate = true;
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{
      "recreate demo-app-1: forced",
      "recreate demo-sidecar-1: network namespace parent recreated",
  }));
}

const char* kJobStack = R"(name: demo
services:
  migrate:
    image: tools
  app:
    image: api
    depends_on:
      migrate: {condition: service_completed_successfully}
)";

TEST(PlanUp, CompletedJobsADependentWaitedForAreLeftAlone) {
  spec::Project project = load(kJobStack);
  Observed observed = converged(project);
  auto& job = container(observed, "demo-migrate-1");
  job.status = ContainerStatus::exited;
  job.exit_code = 0;
  job.completed = true;  // exited on its own with 0, not stopped
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{"nothing to do"}));
}

TEST(PlanUp, ServicesThatExitedZeroWithNoOneWaitingAreStartedAgain) {
  spec::Project project = load(kStack);
  Observed observed = converged(project);
  for (const char* name : {"demo-db-1", "demo-web-1"}) {
    auto& c = container(observed, name);
    c.status = ContainerStatus::exited;
    c.exit_code = 0;
    c.completed = true;  // db is only waited for to be healthy, web by nobody
  }
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "start demo-db-1: exited (code 0)",
      "start demo-web-1: exited (code 0)",
  }));
}

TEST(PlanUp, ContainersOnARemovedNetworkAreRecreatedAfterItIsMadeAgain) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n  db: {image: postgres}\n");
  Observed observed = converged(project);
  container(observed, "demo-web-1").networks = {{"demo_default", "gone-id"}};
  container(observed, "demo-db-1").networks = {{"demo_default", "gone-id"}};
  container(observed, "demo-db-1").status = ContainerStatus::exited;
  observed.networks.clear();
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{
      "create network demo_default",
      "recreate demo-db-1: network demo_default was removed",
      "recreate demo-web-1: network demo_default was removed",
  }));
  // Made again under the same name: a new id, still not the one joined.
  observed.networks.push_back({"demo_default", "new-id", {}, false});
  PlanOptions options;
  options.no_recreate = true;
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{
      "recreate demo-db-1: network demo_default was removed",
      "recreate demo-web-1: network demo_default was removed",
  }));
  container(observed, "demo-web-1").networks = {{"demo_default", "new-id"}};
  container(observed, "demo-db-1").networks = {{"demo_default", "new-id"}};
  EXPECT_EQ(lines(plan(project, observed, {})), (Lines{"start demo-db-1: exited (code 0)"}));
}

TEST(PlanUp, NoStartCreatesWithoutStartingAndLeavesStoppedContainers) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  PlanOptions options;
  options.no_start = true;
  EXPECT_EQ(lines(plan(project, {}, options)), (Lines{
      "create network demo_default",
      "create container demo-web-1 (service web): new (not started)",
  }));
  Observed observed = converged(project);
  container(observed, "demo-web-1").status = ContainerStatus::exited;
  EXPECT_EQ(lines(plan(project, observed, options)), (Lines{"nothing to do"}));
}

TEST(PlanUp, ApplyingAPlanConverges) {
  spec::Project project = load(kStack);
  Observed observed = converged(project);
  spec::Project changed = load(with_api_mode("dev"));
  observed = apply(plan(changed, observed, {}), changed, observed);
  EXPECT_EQ(lines(plan(changed, observed, {})), (Lines{"nothing to do"}));
}

}  // namespace
}  // namespace mocker::orchestrator::reconcile
