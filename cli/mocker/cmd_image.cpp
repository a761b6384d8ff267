// mocker images / rmi / tag (init, import and load: cmd_import.cpp)
#include "context.hpp"

#include <mocker/cli/filter.hpp>
#include <mocker/cli/output.hpp>
#include <mocker/cli/template.hpp>

#include <algorithm>

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

// One row of `images` per name (or one <none> row), as docker's --format sees it.
std::vector<nlohmann::json> image_rows(const image::Image& i) {
  std::vector<std::string> tags = i.repo_tags.empty() ? std::vector<std::string>{"<none>:<none>"} : i.repo_tags;
  std::vector<nlohmann::json> rows;
  for (const auto& tag : tags) {
    auto colon = tag.rfind(':');
    rows.push_back({{"ID", short_id(i.id)}, {"Repository", tag.substr(0, colon)}, {"Tag", tag.substr(colon + 1)},
                    {"Digest", "<none>"}, {"CreatedSince", human_age(i.created)}, {"CreatedAt", i.created},
                    {"Size", human_size(i.size)}, {"VirtualSize", human_size(i.size)}, {"SharedSize", "N/A"},
                    {"UniqueSize", "N/A"}, {"Containers", "N/A"}});
  }
  return rows;
}

const nlohmann::json kImageHeaders = {{"ID", "IMAGE ID"}, {"Repository", "REPOSITORY"}, {"Tag", "TAG"}, {"Digest", "DIGEST"},
                                      {"CreatedSince", "CREATED"}, {"CreatedAt", "CREATED AT"}, {"Size", "SIZE"},
                                      {"VirtualSize", "VIRTUAL SIZE"}, {"SharedSize", "SHARED SIZE"},
                                      {"UniqueSize", "UNIQUE SIZE"}, {"Containers", "CONTAINERS"}};

bool image_filter(const image::Image& i, const std::string& key, const std::string& value) {
  if (key == "label") return label_matches(i.config.labels, value);
  if (key == "dangling") return parse_bool(value) == i.repo_tags.empty();
  if (key == "reference")
    return std::any_of(i.repo_tags.begin(), i.repo_tags.end(), [&](const auto& t) { return reference_matches(t, value); });
  return false;
}

void add_images(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("images", "List images");
  cmd->alias("image-ls");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  auto filters = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--format", *format, "table, json (one object per line) or a Go template ('{{.Repository}}:{{.Tag}}')");
  cmd->add_flag("-q,--quiet", *quiet, "Only show image IDs");
  cmd->add_option("-f,--filter", *filters, "label=KEY[=VALUE], reference=PATTERN, dangling=true|false")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->callback([&ctx, format, quiet, filters] {
    run_command(ctx, [&]() -> sys::Status {
      auto wanted = MOCKER_TRY(parse_filters(*filters, {"label", "reference", "dangling"}));
      for (const auto& d : wanted["dangling"])
        if (!parse_bool(d)) return sys::Error::invalid("parse --filter", "dangling=" + d, "expected true or false");
      if (wanted["dangling"].empty()) wanted.erase("dangling");
      auto* e = MOCKER_TRY(ctx.engine());
      std::vector<image::Image> images;
      for (auto& i : MOCKER_TRY(e->images().list()))
        if (filters_match(wanted, [&](const auto& k, const auto& v) { return image_filter(i, k, v); })) images.push_back(std::move(i));
      auto out = parse_format(*format);
      if (*quiet) {
        for (const auto& i : images) std::cout << short_id(i.id) << "\n";
      } else if (out.kind != OutputFormat::Kind::table) {
        std::vector<nlohmann::json> rows;
        for (const auto& i : images)
          for (auto& r : image_rows(i)) rows.push_back(std::move(r));
        std::cout << MOCKER_TRY(render_rows(out, rows, kImageHeaders));
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
