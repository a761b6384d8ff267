// `down` plans: dependents first, networks after containers, volumes only with
// -v, and nothing external.
#include "reconcile_test_util.hpp"

namespace mocker::orchestrator::reconcile {
namespace {

using testing::container;
using testing::converged;
using testing::lines;
using testing::load;
using Lines = std::vector<std::string>;

const char* kStack = R"(name: demo
services:
  db:
    image: postgres
    volumes: [data:/data, cache:/cache]
    networks: [default, shared]
  web:
    image: nginx
    depends_on: [db]
volumes:
  data: {}
  cache: {external: true}
networks:
  shared: {external: true}
)";

Observed stack_up(const spec::Project& project) {
  Observed observed;
  observed.networks.push_back({"shared", "ext-net", {}, true});
  observed.volumes.push_back({"cache", {}, true});
  Plan up = plan(project, observed, {});
  EXPECT_TRUE(up.errors.empty()) << render_text(up);
  return testing::apply(up, project, observed);
}

TEST(PlanDown, StopsDependentsFirstThenRemovesTheProjectNetworks) {
  spec::Project project = load(kStack);
  Observed observed = stack_up(project);
  container(observed, "demo-db-1").status = ContainerStatus::exited;
  Plan p = plan_down(project, observed, {});
  EXPECT_EQ(lines(p), (Lines{
      "stop demo-web-1: down",
      "remove demo-web-1: down",
      "remove demo-db-1: down",
      "remove network demo_default",
  }));
  EXPECT_EQ(p.operations[2].after, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(p.operations[3].after, (std::vector<size_t>{0, 1, 2}));
}

TEST(PlanDown, VolumesOnlyWithDashVAndNeverExternalOnes) {
  spec::Project project = load(kStack);
  DownOptions options;
  options.volumes = true;
  EXPECT_EQ(lines(plan_down(project, stack_up(project), options)), (Lines{
      "stop demo-web-1: down",
      "remove demo-web-1: down",
      "stop demo-db-1: down",
      "remove demo-db-1: down",
      "remove network demo_default",
      "remove volume demo_data",
  }));
}

TEST(PlanDown, OrphansGoFirstAndOnlyWithRemoveOrphans) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  Observed observed = converged(project);
  observed.containers.push_back({"o1", "demo-old-1", "old", 1, false, "", "", ContainerStatus::exited, 0, {}, ""});
  EXPECT_EQ(lines(plan_down(project, observed, {})), (Lines{
      "stop demo-web-1: down",
      "remove demo-web-1: down",
      "remove network demo_default",
      "warning: orphan container demo-old-1 (service old); use --remove-orphans",
  }));
  DownOptions options;
  options.remove_orphans = true;
  EXPECT_EQ(lines(plan_down(project, observed, options)), (Lines{
      "remove demo-old-1: orphan (service old)",
      "stop demo-web-1: down",
      "remove demo-web-1: down",
      "remove network demo_default",
  }));
}

TEST(PlanDown, RunContainersGoWithTheirService) {
  spec::Project project = load("name: demo\nservices:\n  web: {image: nginx}\n");
  Observed observed = converged(project);
  observed.containers.push_back({"r1", "demo-web-run-1f2e", "web", 0, true, "", "", ContainerStatus::running, 0, {}, ""});
  EXPECT_EQ(lines(plan_down(project, observed, {})), (Lines{
      "stop demo-web-1: down",
      "remove demo-web-1: down",
      "stop demo-web-run-1f2e: down",
      "remove demo-web-run-1f2e: down",
      "remove network demo_default",
  }));
}

TEST(PlanDown, NothingLeftIsNothingToDo) {
  spec::Project project = load(kStack);
  EXPECT_EQ(lines(plan_down(project, {}, {.volumes = true, .remove_orphans = true})), (Lines{"nothing to do"}));
}

}  // namespace
}  // namespace mocker::orchestrator::reconcile
