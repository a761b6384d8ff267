// mocker images / rmi / tag (init, import and load: cmd_import.cpp)
#include "context.hpp"

#include <mocker/cli/output.hpp>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;
namespace image = engine::image;

namespace {

void print_images_table(const std::vector<image::Image>& images) {
  Table t({"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
  for (const auto& i : images) {
    std::vector<std::string> tags = i.repo_tags.empty() ? std::vector<std::string>{"<none>:<none>"} : i.repo_tags;
    for (const auto& tag : tags) {
      auto colon = tag.rfind(':');
      t.add({tag.substr(0, colon), tag.substr(colon + 1), short_id(i.id), human_age(i.created), human_size(i.size)});
    }
  }
  std::cout << t.render();
}

void add_images(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("images", "List images");
  cmd->alias("image-ls");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("-q,--quiet", *quiet, "Only show image IDs");
  cmd->callback([&ctx, format, quiet] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto images = MOCKER_TRY(e->images().list());
      if (*quiet) {
        for (const auto& i : images) std::cout << short_id(i.id) << "\n";
      } else if (*format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& i : images) out.push_back(image::image_to_json(i));
        std::cout << out.dump(2) << "\n";
      } else {
        print_images_table(images);
      }
      return sys::ok();
    });
  });
}

void add_rmi(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("rmi", "Remove images");
  auto refs = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);
  cmd->add_option("IMAGE", *refs, "Images to remove")->required();
  cmd->add_flag("-f,--force", *force, "Remove even if a container uses it or it has several names");
  cmd->callback([&ctx, refs, force] {
    for (const auto& ref : *refs) {
      run_command(ctx, [&]() -> sys::Status {
        auto* e = MOCKER_TRY(ctx.engine());
        auto lines = MOCKER_TRY(e->images().remove(ref, *force, [e](const std::string& id) { return e->image_in_use(id); }));
        for (const auto& l : lines) std::cout << l << "\n";
        return sys::ok();
      });
    }
  });
}

void add_tag(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("tag", "Give an image another name");
  auto source = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  cmd->add_option("SOURCE", *source, "Existing image")->required();
  cmd->add_option("TARGET", *target, "New NAME[:TAG]")->required();
  cmd->callback([&ctx, source, target] {
    run_command(ctx, [&]() -> sys::Status {
      auto ref = MOCKER_TRY(image::parse_reference(*target));
      auto* e = MOCKER_TRY(ctx.engine());
      return e->images().tag(*source, ref);
    });
  });
}

}  // namespace

void register_image_commands(CLI::App& app, Context& ctx) {
  add_images(app, ctx);
  add_rmi(app, ctx);
  add_tag(app, ctx);
}

}  // namespace mocker::cli
