// The plan's JSON form: every operation has the same keys, in a stable order.
#include "reconcile_test_util.hpp"

namespace mocker::orchestrator::reconcile {
namespace {

TEST(RenderJson, NewServiceWithADependency) {
  spec::Project project = testing::load(R"(name: demo
services:
  db: {image: db}
  web:
    image: web
    depends_on: {db: {condition: service_healthy, required: false}}
)");
  nlohmann::json j = to_json(plan(project, {}, {}));
  EXPECT_EQ(j.dump(), nlohmann::json::parse(R"({
    "errors": [],
    "operations": [
      {"action": "create-network", "after": [], "cause": "new", "container_id": "", "index": 0,
       "key": "default", "object": "demo_default", "replica": 0, "service": "", "start": true, "waits": []},
      {"action": "create-container", "after": [0], "cause": "new", "container_id": "", "index": 1,
       "key": "", "object": "demo-db-1", "replica": 1, "service": "db", "start": true, "waits": []},
      {"action": "create-container", "after": [0, 1], "cause": "new", "container_id": "", "index": 2,
       "key": "", "object": "demo-web-1", "replica": 1, "service": "web", "start": true,
       "waits": [{"condition": "service_healthy", "required": false, "service": "db"}]}
    ],
    "project": "demo",
    "warnings": []
  })").dump());
}

TEST(RenderText, WarningsAndErrorsFollowTheOperations) {
  Plan p;
  p.operations.push_back({Action::remove_container, "demo-w-3", "", "w", 3, "id", "scaled down to 2", true, {}, {}});
  p.warnings.push_back("orphan container demo-old-1 (service old); use --remove-orphans");
  p.errors.push_back("no such service: x");
  EXPECT_EQ(render_text(p),
            "remove demo-w-3: scaled down to 2\n"
            "warning: orphan container demo-old-1 (service old); use --remove-orphans\n"
            "error: no such service: x\n");
}

TEST(RenderText, EmptyPlanSaysNothingToDo) { EXPECT_EQ(render_text(Plan{}), "nothing to do\n"); }

}  // namespace
}  // namespace mocker::orchestrator::reconcile
