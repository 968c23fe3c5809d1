// Parsers for the two file kinds of a workspace, from a parsed YAML root into the
// model. Internal to the catalog module (the public entry point is loader.h).
#pragma once

#include <yaml-cpp/yaml.h>

#include "catalog/model.h"
#include "catalog/yaml_reader.h"

namespace northstar::catalog {

// northstar.yaml: workspace, timezone, calendars, sources, store, results.
void ParseWorkspaceFile(YamlReader& reader, const YAML::Node& root, Workspace& workspace);

// catalog/*.yaml: goals, kpis, metrics, objectives; appended to `catalog`.
void ParseCatalogFile(YamlReader& reader, const YAML::Node& root, Catalog& catalog);

}  // namespace northstar::catalog
